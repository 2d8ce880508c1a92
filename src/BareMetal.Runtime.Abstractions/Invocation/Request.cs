namespace BareMetal.Runtime.Invocation;

/// <summary>A request for a method returning <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
public abstract class Request : RequestBase
{
    /// <summary>Calls the grain method (generated).</summary>
    protected abstract ValueTask InvokeInner(object grain);

    /// <inheritdoc />
    public sealed override ValueTask Invoke(object grain, IResponseSink sink)
    {
        ValueTask pending;
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
            sink.SetBoxedResult(null);
            return default;
        }

        return Complete(pending, sink);
    }

    private static async ValueTask Complete(ValueTask pending, IResponseSink sink)
    {
        try
        {
            await pending;
        }
        catch (Exception exception)
        {
            sink.SetException(exception);
            return;
        }

        sink.SetBoxedResult(null);
    }
}
