using BareMetal.Hosting;
using BareMetal.Runtime.Client;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Runtime.Membership;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Runtime.Tests.Cluster;

public sealed class ClusterClientTests
{
    private static Dictionary<string, string?> Settings(string secret) => new()
    {
        ["BareMetal:Endpoints:SiloPort"] = "0",
        ["BareMetal:Endpoints:GatewayPort"] = "0",
        ["BareMetal:Membership:TableRefreshPeriod"] = "00:00:00.200",
        ["BareMetal:Transport:ClusterSecret"] = secret,
    };

    [Fact]
    public async Task Client_CallsGrainsThroughGateways_AndSurvivesAGatewayLeaving()
    {
        var secret = Guid.NewGuid().ToString("N");
        var table = new InMemoryMembershipTable();
        var directory = new InMemoryGrainDirectory();
        void Configure(ISiloBuilder silo) => silo.UseInMemoryMembership(table).UseInMemoryGrainDirectory(directory);
        await using var a = await TestSilo.StartAsync(Configure, Settings(secret));
        await using var b = await TestSilo.StartAsync(Configure, Settings(secret));
        await Wait.UntilAsync(() => new[] { a, b }.All(s => s.Services.GetRequiredService<IClusterMembershipService>().CurrentView.ActiveSilos.Count == 2), "two active silos");
        var options = new ClusterClientOptions { ClusterSecret = secret };
        foreach (var silo in new[] { a, b })
        {
            options.Gateways.Add($"127.0.0.1:{silo.Services.GetRequiredService<ILocalSiloDetails>().GatewayPort}");
        }

        await using var client = await ClusterClient.ConnectAsync(options);
        Assert.Equal(2, client.ConnectedGateways);
        var keys = Enumerable.Range(0, 40).Select(i => $"client-{Guid.NewGuid():N}-{i}").ToList();
        await Task.WhenAll(keys.Select(k => client.GrainFactory.GetGrain<ICounterGrain>(k).IncrementSlowly()));

        await a.StopAsync();
        await Wait.UntilAsync(() => client.ConnectedGateways == 1, "the client to notice the lost gateway");

        // Grains that lived on the stopped silo start again on the other one (their count was in memory).
        foreach (var key in keys)
        {
            Assert.InRange(await client.GrainFactory.GetGrain<ICounterGrain>(key).IncrementSlowly(), 1, 2);
        }
    }

    [Fact]
    public async Task Client_WithWrongSecret_IsRefused()
    {
        var table = new InMemoryMembershipTable();
        await using var silo = await TestSilo.StartAsync(s => s.UseInMemoryMembership(table).UseInMemoryGrainDirectory(new InMemoryGrainDirectory()), Settings(Guid.NewGuid().ToString("N")));
        var options = new ClusterClientOptions { ClusterSecret = Guid.NewGuid().ToString("N") };
        options.Gateways.Add($"127.0.0.1:{silo.Services.GetRequiredService<ILocalSiloDetails>().GatewayPort}");

        var exception = await Assert.ThrowsAsync<SiloUnavailableException>(() => ClusterClient.ConnectAsync(options));

        Assert.Contains("No gateway", exception.Message);
    }

    [Fact]
    public async Task Client_GrainExceptionsAndRequestContext_CrossTheNetwork()
    {
        var secret = Guid.NewGuid().ToString("N");
        var table = new InMemoryMembershipTable();
        await using var silo = await TestSilo.StartAsync(s => s.UseInMemoryMembership(table).UseInMemoryGrainDirectory(new InMemoryGrainDirectory()), Settings(secret));
        var options = new ClusterClientOptions { ClusterSecret = secret };
        options.Gateways.Add($"127.0.0.1:{silo.Services.GetRequiredService<ILocalSiloDetails>().GatewayPort}");
        await using var client = await ClusterClient.ConnectAsync(options);
        var key = Guid.NewGuid().ToString();

        var thrown = await Assert.ThrowsAsync<InventoryMismatchException>(() => client.GrainFactory.GetGrain<IFailingGrain>(key).Throw("disk 3 of 4 missing"));
        Assert.Equal("disk 3 of 4 missing", thrown.Message);
        Assert.Equal($"failing/{key}", thrown.Data["BareMetal.GrainId"]);

        using (GrainCallTimeout.Override(TimeSpan.FromMilliseconds(300)))
        {
            var gate = Gates.NewName("never");
            await Assert.ThrowsAsync<GrainCallTimeoutException>(() => client.GrainFactory.GetGrain<IFailingGrain>(key).WaitFor(gate));
            Gates.Open(gate);
        }

        RequestContext.Set("tenant", "acme");
        try
        {
            Assert.Equal("acme", await client.GrainFactory.GetGrain<IContextGrain>(5).Read("tenant"));
        }
        finally
        {
            RequestContext.Clear();
        }

        var list = await client.GrainFactory.GetGrain<ICopyGrain>(Guid.NewGuid()).KeepAndAppend([1, 2]);
        Assert.Equal([1, 2, 99], list);
    }
}
