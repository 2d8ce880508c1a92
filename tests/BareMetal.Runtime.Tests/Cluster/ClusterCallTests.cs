using BareMetal.Hosting;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Runtime.Membership;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Runtime.Tests.Cluster;

public sealed class ClusterCallTests
{
    private static Dictionary<string, string?> ClusterSettings => new()
    {
        ["BareMetal:Endpoints:SiloPort"] = "0",
        ["BareMetal:Endpoints:GatewayPort"] = "-1",
        ["BareMetal:Membership:TableRefreshPeriod"] = "00:00:00.200",
    };

    [Fact]
    public async Task ThreeSilos_CallsFromEverySilo_ReachOneActivationPerGrain()
    {
        var table = new InMemoryMembershipTable();
        var directory = new InMemoryGrainDirectory();
        void Configure(ISiloBuilder silo) => silo.UseInMemoryMembership(table).UseInMemoryGrainDirectory(directory);
        await using var a = await TestSilo.StartAsync(Configure, ClusterSettings);
        await using var b = await TestSilo.StartAsync(Configure, ClusterSettings);
        await using var c = await TestSilo.StartAsync(Configure, ClusterSettings);
        var silos = new[] { a, b, c };
        await Wait.UntilAsync(() => silos.All(s => s.Services.GetRequiredService<IClusterMembershipService>().CurrentView.ActiveSilos.Count == 3), "three active silos in every view");

        var keys = Enumerable.Range(0, 60).Select(i => $"cluster-{Guid.NewGuid():N}-{i}").ToList();
        for (var round = 0; round < 3; round++)
        {
            foreach (var silo in silos)
            {
                await Task.WhenAll(keys.Select(k => silo.GrainFactory.GetGrain<ICounterGrain>(k).IncrementSlowly()));
            }
        }

        foreach (var key in keys)
        {
            Assert.Equal(9, await a.GrainFactory.GetGrain<ICounterGrain>(key).GetCount());
        }

        var hosting = silos.Select(s => keys.Count(k => s.Catalog.TryGetActivation(GrainId.Create("counter", k), out _))).ToList();
        Assert.Equal(keys.Count, hosting.Sum());
        Assert.All(hosting, count => Assert.True(count > 0, "every silo hosts some grains"));
    }
}
