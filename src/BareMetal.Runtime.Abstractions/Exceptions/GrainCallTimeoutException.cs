namespace BareMetal.Runtime;

/// <summary>A grain call did not complete within its timeout. The grain may still be working on it.</summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public GrainCallTimeoutException(GrainId grainId, string method, TimeSpan timeout)
        : base($"Call to {method} on grain {grainId} timed out after {timeout.TotalSeconds:0.###} s.")
    {
        GrainId = grainId;
        Method = method;
        Timeout = timeout;
    }

    /// <summary>Creates the exception with a message.</summary>
    public GrainCallTimeoutException(string message)
        : base(message)
    {
        Method = string.Empty;
    }

    /// <summary>The called grain.</summary>
    public GrainId GrainId { get; }

    /// <summary>The called method, as Interface.Method.</summary>
    public string Method { get; }

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; }
}
