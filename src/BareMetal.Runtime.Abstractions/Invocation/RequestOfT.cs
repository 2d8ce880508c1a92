namespace BareMetal.Runtime.Invocation;

/// <summary>A request for a method returning <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/>.</summary>
public abstract class Request<TResult> : RequestBase
{
    /// <inheritdoc />
    public sealed override bool HasResult => true;

    /// <inheritdoc />
    public sealed override Type ResultType => typeof(TResult);

    /// <summary>Calls the grain method (generated).</summary>
    protected abstract ValueTask<TResult> InvokeInner(object grain);

    /// <inheritdoc />
    public sealed override ValueTask Invoke(object grain, IResponseSink sink)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = InvokeInner(grain);
        }
        catch (Exception exception)
        {
            sink.SetException(exception);
            return default;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Deliver(sink, pending.Result);
            return default;
        }

        return Complete(pending, sink);
    }

    private static async ValueTask Complete(ValueTask<TResult> pending, IResponseSink sink)
    {
        TResult result;
        try
        {
            result = await pending;
        }
        catch (Exception exception)
        {
            sink.SetException(exception);
            return;
        }

        Deliver(sink, result);
    }

    private static void Deliver(IResponseSink sink, TResult result)
    {
        if (sink is IResponseSink<TResult> typed)
        {
            typed.SetResult(result);
        }
        else
        {
            sink.SetBoxedResult(result);
        }
    }
}
