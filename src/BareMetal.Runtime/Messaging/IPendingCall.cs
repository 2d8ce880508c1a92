using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Serialization;

namespace BareMetal.Runtime.Messaging;

/// <summary>A call whose caller is waiting; completed by a local sink, a response from another silo, or expiry.</summary>
internal interface IPendingCall
{
    long MessageId { get; }

    long DeadlineMs { get; }

    GrainId Target { get; }

    /// <summary>The silo the request was sent to, when it left this process; its death fails the call.</summary>
    SiloAddress? SentTo { get; set; }

    /// <summary>Fails the call with a timeout unless it already completed.</summary>
    void Expire();

    /// <summary>Completes with a result that arrived from another silo as JSON.</summary>
    void CompleteFromWire(byte[] resultJson, RuntimeSerializer serializer);

    /// <summary>Fails the call (remote exception, lost connection, dead silo).</summary>
    void Fail(Exception exception);
}
