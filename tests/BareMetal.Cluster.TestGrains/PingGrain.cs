namespace BareMetal.Cluster.TestGrains;

/// <summary>The cheapest useful call: a small argument, a small result, no state (benchmarks).</summary>
[Alias("BareMetal.Cluster.TestGrains.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns <paramref name="value"/> + 1.</summary>
    [Alias("Ping")]
    Task<int> Ping(int value);

    /// <summary>The silo hosting this activation.</summary>
    [Alias("Where")]
    Task<Location> Where();
}

/// <summary>See <see cref="IPingGrain"/>.</summary>
[GrainType("ping")]
// Random, not Orleans' default: every silo must host some of a test's grains whichever gateway the client uses.
[RandomPlacement]
public sealed class PingGrain : Grain, IPingGrain
{
    /// <inheritdoc />
    public Task<int> Ping(int value) => Task.FromResult(value + 1);

    /// <inheritdoc />
    public Task<Location> Where() => Task.FromResult(new Location(SiloIdentity.Name, SiloIdentity.ProcessId));
}
