using System.Diagnostics;
using BareMetal.Configuration;
using BareMetal.Runtime.Diagnostics;
using BareMetal.Runtime.Invocation;
using BareMetal.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Messaging;

/// <summary>
/// Sends calls made from inside the silo (from grains or from host code that holds the silo's grain
/// factory): copies the arguments, stamps the envelope (call chain, context, trace, deadline),
/// registers the pending call for its timeout, wires caller cancellation, and hands it to the
/// message center.
/// </summary>
internal sealed class InsideRuntimeClient(
    IServiceProvider services,
    CallbackRegistry callbacks,
    IDeepCopier copier,
    RuntimeMetrics metrics,
    IMessageRouter messageCenter,
    IOptions<MessagingOptions> options) : IGrainCallRuntime
{
    private readonly TimeSpan _defaultTimeout = options.Value.ResponseTimeout;

    // Read on first traced call: the silo's address is not known while the container is being built.
    private readonly Lazy<string?> _localSilo = new(() => services.GetService<Membership.ILocalSiloDetails>()?.SiloAddress.ToString());

    public IGrainFactory GrainFactory => services.GetRequiredService<IGrainFactory>();

    public Task<TResult> InvokeAsync<TResult>(GrainReference target, Request<TResult> request)
    {
        var completion = new ResponseCompletionSource<TResult>(callbacks, copier, metrics);
        Send(target, request, completion);
        return completion.Task;
    }

    public Task InvokeAsync(GrainReference target, Request request)
    {
        var completion = new ResponseCompletionSource<object?>(callbacks, copier, metrics);
        Send(target, request, completion);
        return completion.Task;
    }

    public void InvokeOneWay(GrainReference target, RequestBase request)
    {
        metrics.CallSent();
        request.CopyArguments(copier);
        var current = Activity.Current;
        messageCenter.Send(new Message(target.GrainId, request, NoResponseSink.Instance)
        {
            CallChain = null,
            Context = RequestContext.Capture(),
            TraceParent = current?.Id,
            TraceState = current?.TraceStateString,
        });
    }

    private void Send<TResult>(GrainReference target, RequestBase request, ResponseCompletionSource<TResult> completion)
    {
        metrics.CallSent();
        request.CopyArguments(copier);

        var turn = TurnContext.Current;
        var timeout = request.ResponseTimeout ?? GrainCallTimeout.Current ?? _defaultTimeout;
        var now = Environment.TickCount64;
        var deadline = now + (long)timeout.TotalMilliseconds;
        if (turn is not null && turn.DeadlineMs < deadline)
        {
            // A nested call cannot outlive the call that made it: nobody would wait for its answer.
            deadline = turn.DeadlineMs;
            timeout = TimeSpan.FromMilliseconds(Math.Max(0, deadline - now));
        }

        Activity? activity = null;
        if (RuntimeTelemetry.Source.HasListeners())
        {
            activity = StartClientActivity(target, request);
        }

        var trace = activity ?? Activity.Current;
        var message = new Message(target.GrainId, request, completion)
        {
            CallChain = turn?.CallChain,
            Context = RequestContext.Capture(),
            TraceParent = trace?.Id,
            TraceState = trace?.TraceStateString,
            DeadlineMs = deadline,
        };
        completion.Message = message;
        completion.Activity = activity;
        completion.Timeout = timeout;
        callbacks.Add(completion);

        if ((request.Options & InvokeMethodOptions.Cancellable) != 0)
        {
            var token = request.GetCancellationToken();
            if (token.IsCancellationRequested)
            {
                completion.CancelByCaller(token);
                return;
            }

            if (token.CanBeCanceled)
            {
                message.CallerCancellation = token.UnsafeRegister(
                    static (state, token) => ((ResponseCompletionSource<TResult>)state!).CancelByCaller(token), completion);
            }
        }

        if (deadline <= now)
        {
            completion.Expire();
            return;
        }

        messageCenter.Send(message);
    }

    private Activity? StartClientActivity(GrainReference target, RequestBase request)
    {
        var activity = RuntimeTelemetry.Source.StartActivity(request.ToString(), ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("rpc.system", "baremetal");
            activity.SetTag("rpc.service", request.Interface.Name);
            activity.SetTag("rpc.method", request.MethodName);
            activity.SetTag("baremetal.grain.id", target.GrainId.ToString());
            if (_localSilo.Value is { } silo)
            {
                activity.SetTag("baremetal.silo", silo);
            }
        }

        return activity;
    }
}
