using BareMetal.Runtime.Invocation;

namespace BareMetal.Runtime.CodeGenerator.Tests;

/// <summary>A typed response sink that remembers how the request completed.</summary>
internal sealed class RecordingResponseSink<TResult> : IResponseSink<TResult>
{
    public bool HasTypedResult { get; private set; }

    public bool HasBoxedResult { get; private set; }

    public TResult? Result { get; private set; }

    public object? BoxedResult { get; private set; }

    public Exception? Exception { get; private set; }

    public void SetResult(TResult result)
    {
        HasTypedResult = true;
        Result = result;
    }

    public void SetBoxedResult(object? result)
    {
        HasBoxedResult = true;
        BoxedResult = result;
    }

    public void SetException(Exception exception) => Exception = exception;
}
