using System.Diagnostics.CodeAnalysis;

namespace BareMetal.Provisioning.Drivers;

/// <summary>The hardware drivers this process can use, by name.</summary>
public interface IDriverRegistry
{
    /// <summary>The names of the registered drivers.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>The driver called <paramref name="name"/>.</summary>
    /// <exception cref="UnknownDriverException">No driver has that name.</exception>
    IHardwareDriver GetDriver(string name);

    /// <summary>The driver called <paramref name="name"/>; <see langword="false"/> when there is none.</summary>
    bool TryGetDriver(string name, [NotNullWhen(true)] out IHardwareDriver? driver);
}
