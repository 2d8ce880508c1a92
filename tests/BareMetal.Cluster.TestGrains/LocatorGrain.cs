namespace BareMetal.Cluster.TestGrains;

/// <summary>Where an activation lives.</summary>
/// <param name="Silo">The silo process's name.</param>
/// <param name="ProcessId">Its process id.</param>
public sealed record Location(string Silo, int ProcessId);

/// <summary>A stateless grain that only says where it is activated (placement tests).</summary>
public interface ILocatorGrain : IGrainWithIntegerKey
{
    /// <summary>The silo hosting this activation.</summary>
    Task<Location> Where();
}

/// <summary>See <see cref="ILocatorGrain"/>.</summary>
public sealed class LocatorGrain : Grain, ILocatorGrain
{
    /// <inheritdoc />
    public Task<Location> Where() => Task.FromResult(new Location(SiloIdentity.Name, SiloIdentity.ProcessId));
}
