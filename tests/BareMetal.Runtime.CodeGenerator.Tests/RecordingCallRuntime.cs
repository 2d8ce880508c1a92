using BareMetal.Runtime.Invocation;

namespace BareMetal.Runtime.CodeGenerator.Tests;

/// <summary>A grain call runtime that records what proxies hand it and answers with a canned result.</summary>
internal sealed class RecordingCallRuntime : IGrainCallRuntime
{
    private readonly List<RecordedCall> _calls = [];

    /// <summary>The value returned to calls with a result (converted to the call's result type).</summary>
    public object? Result { get; set; }

    public IReadOnlyList<RecordedCall> Calls => _calls;

    public IGrainFactory GrainFactory => throw new NotSupportedException("The tests create no references through the factory.");

    public Task<TResult> InvokeAsync<TResult>(GrainReference target, Request<TResult> request)
    {
        _calls.Add(new RecordedCall(target, request, IsOneWay: false));
        return Task.FromResult((TResult)Result!);
    }

    public Task InvokeAsync(GrainReference target, Request request)
    {
        _calls.Add(new RecordedCall(target, request, IsOneWay: false));
        return Task.CompletedTask;
    }

    public void InvokeOneWay(GrainReference target, RequestBase request) => _calls.Add(new RecordedCall(target, request, IsOneWay: true));
}

/// <summary>One request a proxy sent.</summary>
internal sealed record RecordedCall(GrainReference Target, RequestBase Request, bool IsOneWay);
