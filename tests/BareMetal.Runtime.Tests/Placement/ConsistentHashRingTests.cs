using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Placement;
using BareMetal.Runtime.Reminders;

namespace BareMetal.Runtime.Tests.Placement;

public sealed class ConsistentHashRingTests
{
    private static readonly SiloAddress[] Silos =
        [new("127.0.0.1", 11111, 1), new("127.0.0.1", 11112, 1), new("127.0.0.1", 11113, 1)];

    private static IEnumerable<GrainId> Grains(int count) => Enumerable.Range(0, count).Select(i => GrainId.Create("node", $"node-{i}"));

    [Fact]
    public void Owner_TenThousandGrains_SpreadOverAllSilosRoughlyEvenly()
    {
        var ring = ConsistentHashRing.Build(Silos);

        var counts = Grains(10_000).GroupBy(g => ring.Owner(g)!).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 2_000, 4_700));
    }

    [Fact]
    public void Build_SameSilosInAnyOrder_GivesTheSameOwners()
    {
        var a = ConsistentHashRing.Build(Silos);
        var b = ConsistentHashRing.Build(Silos.Reverse());

        Assert.All(Grains(2_000), g => Assert.Equal(a.Owner(g), b.Owner(g)));
    }

    [Fact]
    public void RemovingASilo_MovesOnlyItsOwnGrains()
    {
        var full = ConsistentHashRing.Build(Silos);
        var without = ConsistentHashRing.Build(Silos.Take(2));

        foreach (var grain in Grains(5_000))
        {
            var before = full.Owner(grain)!;
            if (!before.Equals(Silos[2]))
            {
                Assert.Equal(before, without.Owner(grain));
            }
        }
    }

    [Fact]
    public void RangesOf_CoverExactlyTheHashesEachSiloOwns()
    {
        var ring = ConsistentHashRing.Build(Silos);
        var ranges = Silos.ToDictionary(s => s, ring.RangesOf);

        foreach (var grain in Grains(5_000))
        {
            var hash = grain.GetUniformHashCode();
            var holders = Silos.Where(s => ranges[s].Any(r => InMemoryReminderTable.InRange(hash, r.BeginExclusive, r.EndInclusive))).ToList();
            Assert.Equal([ring.Owner(hash)!], holders);
        }
    }

    [Fact]
    public void SingleSilo_OwnsTheWholeRing()
    {
        var ring = ConsistentHashRing.Build([Silos[0]]);

        Assert.Equal([(0u, 0u)], ring.RangesOf(Silos[0]));
        Assert.Equal(Silos[0], ring.Owner(12345u));
        Assert.Null(ConsistentHashRing.Empty.Owner(1u));
    }
}
