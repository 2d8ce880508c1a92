using Orleans.Concurrency;

namespace BareMetal.Cluster.TestGrains;

/// <summary>A grain whose calls take a while (drain tests: calls in flight while a silo stops).</summary>
[Alias("BareMetal.Cluster.TestGrains.ISlowGrain")]
public interface ISlowGrain : IGrainWithStringKey
{
    /// <summary>Waits <paramref name="milliseconds"/>, then says which silo served the call.</summary>
    [Alias("Work")]
    Task<Location> Work(int milliseconds);

    /// <summary>How many <see cref="Work"/> calls are running now (answered between their awaits).</summary>
    [AlwaysInterleave]
    [Alias("InFlight")]
    Task<int> InFlight();
}

/// <summary>See <see cref="ISlowGrain"/>.</summary>
[Reentrant]
[GrainType("slow")]
// Random, not Orleans' default: every silo must host some of a test's grains whichever gateway the client uses.
[RandomPlacement]
public sealed class SlowGrain : Grain, ISlowGrain
{
    private int _inFlight;

    /// <inheritdoc />
    public async Task<Location> Work(int milliseconds)
    {
        _inFlight++;
        try
        {
            await Task.Delay(milliseconds);
            return new Location(SiloIdentity.Name, SiloIdentity.ProcessId);
        }
        finally
        {
            _inFlight--;
        }
    }

    /// <inheritdoc />
    public Task<int> InFlight() => Task.FromResult(_inFlight);
}
