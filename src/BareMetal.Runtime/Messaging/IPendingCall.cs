namespace BareMetal.Runtime.Messaging;

/// <summary>A call whose caller is waiting; the callback registry expires it at its deadline.</summary>
internal interface IPendingCall
{
    long MessageId { get; }

    long DeadlineMs { get; }

    /// <summary>Fails the call with a timeout unless it already completed.</summary>
    void Expire();
}
