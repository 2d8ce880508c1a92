namespace BareMetal.Runtime.Invocation;

/// <summary>
/// Receives the outcome of a request on the grain side. The runtime supplies a typed sink for local
/// calls (no boxing) and a serializing sink for calls from other processes.
/// </summary>
public interface IResponseSink
{
    /// <summary>The method completed; <paramref name="result"/> is null for methods without a result.</summary>
    void SetBoxedResult(object? result);

    /// <summary>The method threw.</summary>
    void SetException(Exception exception);
}

/// <summary>A sink that takes a typed result without boxing.</summary>
public interface IResponseSink<in TResult> : IResponseSink
{
    /// <summary>The method completed with <paramref name="result"/>.</summary>
    void SetResult(TResult result);
}
