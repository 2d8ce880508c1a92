using System.Diagnostics;
using BareMetal.Runtime.Diagnostics;
using BareMetal.Runtime.Invocation;
using BareMetal.Runtime.Messaging;

namespace BareMetal.Runtime.Activations;

internal sealed partial class ActivationData
{
    private Action<object?>? _runTurnAction;

    void Scheduling.IActivationWorkRunner.RunWorkItem(object item)
    {
        // Each turn runs inside a task of this activation's scheduler, so every await in grain code
        // resumes on the scheduler (TaskScheduler.Current) instead of the thread pool.
        _runTurnAction ??= RunTurnFromTask;
        Scheduler.RunInline(new Task(_runTurnAction, item));
    }

    private void RunTurnFromTask(object? state)
    {
        if (ReferenceEquals(state, ActivateStep))
        {
            _ = ActivateAsync();
        }
        else if (ReferenceEquals(state, DeactivateStep))
        {
            _ = DeactivateAsync();
        }
        else
        {
            _ = RunTurnAsync((Message)state!);
        }
    }

    private async Task RunTurnAsync(Message message)
    {
        var startTimestamp = _runtime.Metrics.TurnDurationEnabled ? Stopwatch.GetTimestamp() : 0;
        Activity? activity = null;
        try
        {
            if (message.TimerTick is { } tick)
            {
                await tick.RunTickAsync();
                return;
            }

            if (message.IsAbandoned)
            {
                return;
            }

            var request = message.Request!;
            TurnContext.Current = new TurnContext(new CallChainEntry(GrainId, message.Id, message.CallChain), message.DeadlineMs);
            if (message.Context is not null || RequestContext.Capture() is not null)
            {
                RequestContext.Restore(message.Context);
            }

            if (RuntimeTelemetry.Source.HasListeners())
            {
                activity = StartServerActivity(message, request);
            }

            if ((request.Options & InvokeMethodOptions.Cancellable) != 0)
            {
                request.SetCancellationToken(message.GetGrainCancellationToken());
            }

            var sink = message.IsOneWay ? new OneWayFailureLogger(_runtime.Logger, GrainId, request) : message.Sink;
            var pending = request.Invoke(GrainInstance!, sink);
            if (!pending.IsCompletedSuccessfully)
            {
                await pending;
            }
        }
        catch (Exception exception)
        {
            // Request.Invoke reports grain exceptions to the sink; anything here is a runtime fault.
            LogTurnFault(exception, GrainId, message.ToString());
        }
        finally
        {
            activity?.Stop();
            message.CompleteTurn();
            if (startTimestamp != 0)
            {
                _runtime.Metrics.TurnCompleted(startTimestamp);
            }

            OnTurnCompleted(message);
        }
    }

    private Activity? StartServerActivity(Message message, RequestBase request)
    {
        ActivityContext.TryParse(message.TraceParent, message.TraceState, isRemote: true, out var parent);
        var activity = RuntimeTelemetry.Source.StartActivity(request.ToString(), ActivityKind.Server, parent);
        if (activity is not null)
        {
            activity.SetTag("rpc.system", "baremetal");
            activity.SetTag("rpc.service", request.Interface.Name);
            activity.SetTag("rpc.method", request.MethodName);
            activity.SetTag("baremetal.grain.id", GrainId.ToString());
            if (_runtime.Locator.LocalSilo is { } silo)
            {
                activity.SetTag("baremetal.silo", silo.ToString());
            }
        }

        return activity;
    }
}
