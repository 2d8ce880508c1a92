using System.Globalization;

namespace BareMetal.Runtime.Cluster;

/// <summary>
/// A silo process: the endpoint its cluster port listens on and a generation that is new on every
/// start, so a restarted silo on the same endpoint is a different silo (the old one is dead).
/// </summary>
public sealed record SiloAddress(string Host, int Port, long Generation) : IComparable<SiloAddress>
{
    /// <summary>The endpoint and generation, e.g. <c>127.0.0.1:11111@638700000000000000</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");

    /// <summary>The endpoint without the generation.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>Parses <see cref="ToString"/>'s form.</summary>
    public static SiloAddress Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.LastIndexOf('@');
        var colon = at > 0 ? value.LastIndexOf(':', at) : -1;
        if (at <= 0 || colon <= 0)
        {
            throw new FormatException($"'{value}' is not a silo address; expected 'host:port@generation'.");
        }

        return new SiloAddress(
            value[..colon],
            int.Parse(value[(colon + 1)..at], NumberStyles.None, CultureInfo.InvariantCulture),
            long.Parse(value[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture));
    }

    /// <summary>A stable hash for placing the silo on the ring.</summary>
    public uint GetUniformHashCode() => StableHash.Compute(ToString());

    /// <inheritdoc />
    public int CompareTo(SiloAddress? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byHost = string.CompareOrdinal(Host, other.Host);
        if (byHost != 0)
        {
            return byHost;
        }

        var byPort = Port.CompareTo(other.Port);
        return byPort != 0 ? byPort : Generation.CompareTo(other.Generation);
    }
}
