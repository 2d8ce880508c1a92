using System.Collections.Concurrent;
using BareMetal.Runtime.Concurrency;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests.Grains;

/// <summary>Activation and deactivation counts per grain key, observed by tests.</summary>
public static class LifecycleLog
{
    public static readonly ConcurrentDictionary<string, int> Activations = new();
    public static readonly ConcurrentDictionary<string, int> Deactivations = new();
    public static readonly ConcurrentDictionary<string, DeactivationReasonCode> LastReason = new();
}

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<int> GetActivationNumber();

    Task DeactivateWhenIdle();

    Task KeepAliveFor(TimeSpan time);
}

public sealed class LifecycleGrain : Grain, ILifecycleGrain
{
    private int _activationNumber;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activationNumber = LifecycleLog.Activations.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        LifecycleLog.LastReason[this.GetPrimaryKeyString()] = reason.Code;
        LifecycleLog.Deactivations.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task<int> GetActivationNumber() => Task.FromResult(_activationNumber);

    public Task DeactivateWhenIdle()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task KeepAliveFor(TimeSpan time)
    {
        DelayDeactivation(time);
        return Task.CompletedTask;
    }
}

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<string> Hello();
}

public sealed class FailingActivationGrain : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("BMC credentials missing for " + this.GetPrimaryKeyString());

    public Task<string> Hello() => Task.FromResult("hello");
}

public interface ITimerGrain : IGrainWithStringKey
{
    Task StartTicking(TimeSpan period);

    Task StopTicking();

    Task<int> GetTicks();

    /// <summary>Holds the turn until the gate opens; returns the ticks counted meanwhile.</summary>
    Task<int> HoldTurn(string gate, string startedGate);

    Task<int> GetMaxConcurrency();
}

public sealed class TimerGrain : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;
    private int _inside;
    private int _maxInside;

    public Task StartTicking(TimeSpan period)
    {
        _timer = RegisterGrainTimer(_ => Tick(), period, period);
        return Task.CompletedTask;
    }

    public Task StopTicking()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> GetTicks() => Task.FromResult(_ticks);

    public async Task<int> HoldTurn(string gate, string startedGate)
    {
        Enter();
        var before = _ticks;
        Gates.Open(startedGate);
        await Gates.WhenOpen(gate);
        var during = _ticks - before;
        Leave();
        return during;
    }

    public Task<int> GetMaxConcurrency() => Task.FromResult(_maxInside);

    private async Task Tick()
    {
        Enter();
        await Task.Yield();
        _ticks++;
        Leave();
    }

    private void Enter()
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
    }

    private void Leave() => _inside--;
}
