namespace BareMetal.Runtime;

/// <summary>
/// The target activation's queue is full; the request was refused at once and never ran. Safe to
/// retry after <see cref="RetryAfter"/>.
/// </summary>
public sealed class GrainOverloadedException : BareMetalRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public GrainOverloadedException(GrainId grainId, int queueLength, TimeSpan retryAfter)
        : base($"Grain {grainId} is overloaded: {queueLength} requests are already queued. Retry after {retryAfter.TotalSeconds:0.###} s.")
    {
        GrainId = grainId;
        QueueLength = queueLength;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception with a message.</summary>
    public GrainOverloadedException(string message)
        : base(message)
    {
    }

    /// <summary>The overloaded grain.</summary>
    public GrainId GrainId { get; }

    /// <summary>How many requests were waiting.</summary>
    public int QueueLength { get; }

    /// <summary>A suggested delay before retrying.</summary>
    public TimeSpan RetryAfter { get; }
}
