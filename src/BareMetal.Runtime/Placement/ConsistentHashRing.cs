using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Placement;

/// <summary>
/// An immutable consistent-hash ring over the active silos. Each silo owns several points
/// (virtual nodes) so the hash space splits evenly; a hash belongs to the first point at or after
/// it, wrapping past zero. Adding or removing a silo moves only the keys of the points it gains or
/// loses. Every silo builds the same ring from the same membership view, so no leader is needed.
/// </summary>
internal sealed class ConsistentHashRing
{
    public const int DefaultVirtualNodes = 30;

    private readonly uint[] _points;
    private readonly SiloAddress[] _owners;

    private ConsistentHashRing(uint[] points, SiloAddress[] owners, IReadOnlyList<SiloAddress> silos)
    {
        _points = points;
        _owners = owners;
        Silos = silos;
    }

    public static ConsistentHashRing Empty { get; } = new([], [], []);

    public IReadOnlyList<SiloAddress> Silos { get; }

    public bool IsEmpty => _points.Length == 0;

    public static ConsistentHashRing Build(IEnumerable<SiloAddress> silos, int virtualNodes = DefaultVirtualNodes)
    {
        ArgumentNullException.ThrowIfNull(silos);
        var distinct = silos.Distinct().Order().ToList();
        var entries = new List<(uint Point, SiloAddress Silo)>(distinct.Count * virtualNodes);
        foreach (var silo in distinct)
        {
            var name = silo.ToString();
            for (var i = 0; i < virtualNodes; i++)
            {
                entries.Add((StableHash.Combine(StableHash.Compute(name), (uint)i), silo));
            }
        }

        // Ties (vanishingly rare) are broken by silo order so every silo builds the identical ring.
        entries.Sort((a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : a.Silo.CompareTo(b.Silo));
        return new ConsistentHashRing([.. entries.Select(e => e.Point)], [.. entries.Select(e => e.Silo)], distinct);
    }

    /// <summary>The silo owning <paramref name="hash"/>, or null when the ring is empty.</summary>
    public SiloAddress? Owner(uint hash)
    {
        if (_points.Length == 0)
        {
            return null;
        }

        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }

    /// <summary>The owner of a grain.</summary>
    public SiloAddress? Owner(GrainId grainId) => Owner(grainId.GetUniformHashCode());

    /// <summary>
    /// The ranges (beginExclusive, endInclusive] of the hash space owned by <paramref name="silo"/>,
    /// merged where adjacent. A single silo owns the whole ring, reported as (0, 0].
    /// </summary>
    public IReadOnlyList<(uint BeginExclusive, uint EndInclusive)> RangesOf(SiloAddress silo)
    {
        var ranges = new List<(uint, uint)>();
        if (Silos.Count == 1 && Silos[0].Equals(silo))
        {
            ranges.Add((0u, 0u));
            return ranges;
        }

        for (var i = 0; i < _points.Length; i++)
        {
            if (!_owners[i].Equals(silo))
            {
                continue;
            }

            var previous = _points[(i - 1 + _points.Length) % _points.Length];
            if (ranges.Count > 0 && ranges[^1].Item2 == previous)
            {
                ranges[^1] = (ranges[^1].Item1, _points[i]);
            }
            else
            {
                ranges.Add((previous, _points[i]));
            }
        }

        return ranges;
    }
}
