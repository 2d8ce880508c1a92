namespace BareMetal.Provisioning.Drivers;

/// <summary>A node names a driver this process does not have.</summary>
public sealed class UnknownDriverException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="driverName">The name asked for.</param>
    /// <param name="knownNames">The names that are registered.</param>
    public UnknownDriverException(string driverName, IReadOnlyCollection<string> knownNames)
        : base($"No hardware driver named '{driverName}' is registered; known drivers: {(knownNames.Count == 0 ? "(none)" : string.Join(", ", knownNames))}.")
    {
        DriverName = driverName;
        KnownNames = knownNames;
    }

    /// <summary>The name asked for.</summary>
    public string DriverName { get; }

    /// <summary>The names that are registered.</summary>
    public IReadOnlyCollection<string> KnownNames { get; }
}
