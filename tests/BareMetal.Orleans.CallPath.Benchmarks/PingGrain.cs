namespace BareMetal.Orleans.CallPath.Benchmarks;

/// <summary>The smallest useful grain call: a small argument, a small result.</summary>
[Alias("bench.ping")]
public interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("ping")]
    Task<int> Ping(int value);

    /// <summary>A ping after which the grain deactivates, as a finished operation does.</summary>
    [Alias("ping-once")]
    Task<int> PingOnce(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    private static long s_activations;
    private int _calls;

    /// <summary>How many ping activations this process made: more than the grain count means the runtime
    /// deactivated and re-created grains during the run.</summary>
    public static long Activations => Interlocked.Read(ref s_activations);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref s_activations);
        return Task.CompletedTask;
    }

    public Task<int> Ping(int value)
    {
        _calls++;
        return Task.FromResult(value + 1);
    }

    public Task<int> PingOnce(int value)
    {
        DeactivateOnIdle();
        return Ping(value);
    }
}
