using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers;

/// <summary>The registered <see cref="IHardwareDriver"/>s by exact (ordinal) name.</summary>
public sealed class DriverRegistry : IDriverRegistry
{
    private readonly FrozenDictionary<string, IHardwareDriver> _drivers;

    /// <summary>Creates the registry.</summary>
    /// <param name="drivers">The drivers; names must be unique.</param>
    /// <exception cref="ArgumentException">Two drivers share a name.</exception>
    public DriverRegistry(IEnumerable<IHardwareDriver> drivers)
    {
        ArgumentNullException.ThrowIfNull(drivers);
        var byName = new Dictionary<string, IHardwareDriver>(StringComparer.Ordinal);
        foreach (var driver in drivers)
        {
            if (!byName.TryAdd(driver.Name, driver))
            {
                throw new ArgumentException($"Two hardware drivers are registered with the name '{driver.Name}'.", nameof(drivers));
            }
        }

        _drivers = byName.ToFrozenDictionary(StringComparer.Ordinal);
        Names = [.. _drivers.Keys.Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Names { get; }

    /// <inheritdoc />
    public IHardwareDriver GetDriver(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _drivers.TryGetValue(name, out var driver) ? driver : throw new UnknownDriverException(name, Names);
    }

    /// <inheritdoc />
    public bool TryGetDriver(string name, [NotNullWhen(true)] out IHardwareDriver? driver)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _drivers.TryGetValue(name, out driver);
    }
}
