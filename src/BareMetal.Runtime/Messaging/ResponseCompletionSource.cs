using System.Diagnostics;
using System.Text.Json;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Diagnostics;
using BareMetal.Runtime.Invocation;
using BareMetal.Runtime.Serialization;

namespace BareMetal.Runtime.Messaging;

/// <summary>
/// The caller's side of one call: the task the caller awaits and, for local calls, the sink the grain
/// writes its result into. Exactly one of result, exception, timeout or cancellation wins.
/// Continuations run asynchronously so a caller's code never runs inside the callee's turn.
/// </summary>
internal sealed class ResponseCompletionSource<TResult>(CallbackRegistry registry, IDeepCopier copier, RuntimeMetrics metrics)
    : TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), IResponseSink<TResult>, IPendingCall
{
    /// <summary>The key in <see cref="Exception.Data"/> holding the id of the grain that threw.</summary>
    public const string GrainIdDataKey = GrainIdData.Key;

    private int _completed;

    public Message? Message { get; set; }

    public Activity? Activity { get; set; }

    public long MessageId => Message!.Id;

    public long DeadlineMs => Message!.DeadlineMs;

    public GrainId Target => Message!.Target;

    public SiloAddress? SentTo { get; set; }

    public TimeSpan Timeout { get; set; }

    void IResponseSink<TResult>.SetResult(TResult result)
    {
        if (TryClaim())
        {
            Deliver(result);
        }
    }

    void IResponseSink.SetBoxedResult(object? result)
    {
        if (TryClaim())
        {
            if (result is null or TResult)
            {
                Deliver(result is null ? default! : (TResult)result);
            }
            else
            {
                FailDelivery(new InvalidCastException($"The grain answered a {result.GetType().Name} where a {typeof(TResult).Name} was expected."));
            }
        }
    }

    // The result is copied after the call was claimed: a copy that throws must still complete the caller,
    // which would otherwise wait for its timeout on a call that already ended.
    private void Deliver(TResult result)
    {
        TResult value;
        try
        {
            value = copier.Copy(result);
        }
#pragma warning disable CA1031 // Whatever the copy throws is the caller's failure, reported as such.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            FailDelivery(exception);
            return;
        }

        Finish(failed: false);
        TrySetResult(value);
    }

    private void FailDelivery(Exception exception)
    {
        var failure = new InvalidOperationException($"The result of the call to {Message!.Target} could not be copied: {exception.Message}", exception);
        Finish(failed: true, failure);
        TrySetException(failure);
    }

    void IResponseSink.SetException(Exception exception)
    {
        if (IsDeadlineCancellation(exception))
        {
            Expire();
            return;
        }

        if (TryClaim())
        {
            // The caller sees the grain's own exception type and message; the grain identity rides along in Data.
            exception.Data[GrainIdDataKey] = Message!.Target.ToString();
            Finish(failed: true, exception);
            TrySetException(exception);
        }
    }

    public void CompleteFromWire(byte[] resultJson, RuntimeSerializer serializer)
    {
        if (TryClaim())
        {
            TResult result;
            try
            {
                result = resultJson.Length == 0 ? default! : JsonSerializer.Deserialize<TResult>(resultJson, serializer.Options)!;
            }
            catch (JsonException exception)
            {
                Finish(failed: true, exception);
                TrySetException(exception);
                return;
            }

            Finish(failed: false);
            TrySetResult(result);
        }
    }

    public void Fail(Exception exception)
    {
        if (IsDeadlineCancellation(exception))
        {
            Expire();
            return;
        }

        if (TryClaim())
        {
            Finish(failed: true, exception);
            TrySetException(exception);
        }
    }

    public void Expire()
    {
        if (TryClaim())
        {
            var message = Message!;
            var exception = new GrainCallTimeoutException(message.Target, message.Request?.ToString() ?? "call", Timeout);
            Finish(failed: true, exception);
            message.RequestCancellation();
            TrySetException(exception);
        }
    }

    public void CancelByCaller(CancellationToken cancellationToken)
    {
        if (TryClaim())
        {
            Finish(failed: true);
            Message!.RequestCancellation();
            TrySetCanceled(cancellationToken);
        }
    }

    /// <summary>
    /// The grain gave up because the call's deadline passed (its token fires then); the caller should
    /// see the timeout, not a cancellation it never asked for. Timer granularity makes the two race.
    /// </summary>
    private bool IsDeadlineCancellation(Exception exception) =>
        exception is OperationCanceledException && Message is { } message && message.DeadlineMs != long.MaxValue
        && Environment.TickCount64 >= message.DeadlineMs - 20;

    private bool TryClaim() => Interlocked.Exchange(ref _completed, 1) == 0;

    private void Finish(bool failed, Exception? exception = null)
    {
        var message = Message!;
        registry.Remove(message.Id);
        message.CallerCancellation.Dispose();
        if (failed)
        {
            metrics.CallFailed();
        }

        if (Activity is { } activity)
        {
            if (exception is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, exception.Message);
                activity.AddTag("exception.type", exception.GetType().FullName);
            }

            activity.Stop();
        }
    }
}
