namespace BareMetal.Cluster.TestGrains;

/// <summary>Where an activation lives.</summary>
/// <param name="Silo">The silo process's name.</param>
/// <param name="ProcessId">Its process id.</param>
[GenerateSerializer]
[Alias("BareMetal.Cluster.TestGrains.Location")]
public sealed record Location([property: Id(0)] string Silo, [property: Id(1)] int ProcessId);

/// <summary>A stateless grain that only says where it is activated (placement tests).</summary>
[Alias("BareMetal.Cluster.TestGrains.ILocatorGrain")]
public interface ILocatorGrain : IGrainWithIntegerKey
{
    /// <summary>The silo hosting this activation.</summary>
    [Alias("Where")]
    Task<Location> Where();
}

/// <summary>See <see cref="ILocatorGrain"/>.</summary>
[GrainType("locator")]
// Random, not Orleans' default: every silo must host some of a test's grains whichever gateway the client uses.
[RandomPlacement]
public sealed class LocatorGrain : Grain, ILocatorGrain
{
    /// <inheritdoc />
    public Task<Location> Where() => Task.FromResult(new Location(SiloIdentity.Name, SiloIdentity.ProcessId));
}
