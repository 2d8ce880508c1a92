using System.Collections.Immutable;
using BareMetal.Contracts.Ports;

namespace BareMetal.Provisioning.Ports;

/// <summary>The stored ports, by id.</summary>
public sealed record PortRegistryState
{
    /// <summary>The ports, by id.</summary>
    public ImmutableDictionary<string, PortRecord> Ports { get; init; } = ImmutableDictionary<string, PortRecord>.Empty;
}
