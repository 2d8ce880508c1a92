using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Messaging;
using BareMetal.Runtime.Serialization;

namespace BareMetal.Runtime.Networking;

/// <summary>
/// A request that reached this silo over the network but belongs elsewhere, passed on under a new
/// id: the answer from the next silo is relayed, still serialized, to the original caller.
/// </summary>
internal sealed class RelayPendingCall(Message original, CallbackRegistry registry) : IPendingCall
{
    private int _completed;

    public long MessageId { get; } = MessageIds.Next();

    public long DeadlineMs => original.DeadlineMs;

    public GrainId Target => original.Target;

    public SiloAddress? SentTo { get; set; }

    /// <summary>Set when the response names the silo the grain lives on.</summary>
    public SiloAddress? ActivationSilo { get; set; }

    public void CompleteFromWire(byte[] resultJson, RuntimeSerializer serializer)
    {
        if (Claim())
        {
            if (original.Sink is RemoteResponseSink remote)
            {
                remote.SetRawResult(resultJson, ActivationSilo);
            }
            else
            {
                original.Sink.SetException(new InvalidOperationException("A relayed response reached a local caller."));
            }
        }
    }

    public void Fail(Exception exception)
    {
        if (Claim())
        {
            original.Sink.SetException(exception);
        }
    }

    public void Expire()
    {
        if (Claim())
        {
            original.Sink.SetException(new GrainCallTimeoutException(original.Target, original.Request?.ToString() ?? "call", TimeSpan.Zero));
        }
    }

    private bool Claim()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        registry.Remove(MessageId);
        return true;
    }
}
