namespace BareMetal.Runtime.Tests.Grains;

public interface ISlowActivationGrain : IGrainWithStringKey
{
    Task<string> Hello();
}

/// <summary>Activation waits for its cancellation token, as a grain stuck reading a slow device would.</summary>
public sealed class TokenRespectingSlowActivationGrain : Grain, ISlowActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

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
