using System.Collections.Concurrent;

namespace BareMetal.Runtime.Tests.Grains;

public interface ISlowActivationGrain : IGrainWithStringKey
{
    Task<string> Hello();
}

/// <summary>Activation waits for its cancellation token, as a grain stuck reading a slow device would.</summary>
public sealed class TokenRespectingSlowActivationGrain : Grain, ISlowActivationGrain
{
    /// <summary>Completed, per grain key, when the activation's token is cancelled.</summary>
    public static ConcurrentDictionary<string, TaskCompletionSource> TokenCancelled { get; } = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var cancelled = TokenCancelled.GetOrAdd(this.GetPrimaryKeyString(), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        cancellationToken.Register(() => cancelled.TrySetResult());
        return Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public Task<string> Hello() => Task.FromResult("hello");
}

public interface IStuckActivationGrain : IGrainWithStringKey
{
    Task<string> Hello();
}

/// <summary>Activation never ends and ignores its token.</summary>
public sealed class StuckActivationGrain : Grain, IStuckActivationGrain
{
    private readonly TaskCompletionSource _never = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _never.Task;

    public Task<string> Hello() => Task.FromResult("hello");
}
