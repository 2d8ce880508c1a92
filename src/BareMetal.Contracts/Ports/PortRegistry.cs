namespace BareMetal.Contracts.Ports;

/// <summary>Where the fleet's ports live.</summary>
public static class PortRegistry
{
    /// <summary>The key of the one <see cref="IPortRegistryGrain"/>.</summary>
    public const string Key = "ports";
}
