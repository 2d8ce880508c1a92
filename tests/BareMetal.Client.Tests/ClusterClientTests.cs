using System.Globalization;
using System.Text.RegularExpressions;
using BareMetal.Contracts.Nodes;
using BareMetal.Runtime;
using BareMetal.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BareMetal.Client.Tests;

public sealed partial class ClusterClientTests
{
    [Fact]
    public async Task AddBareMetalClusterClient_calls_node_grains_of_a_real_silo_through_its_gateway()
    {
        const string secret = "cluster-secret-0123456789";
        await using var silo = await BareMetalHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["BareMetal__Clustering__Enabled"] = "true",
            ["BareMetal__Endpoints__SiloPort"] = "0",
            ["BareMetal__Endpoints__GatewayPort"] = "0",
            ["BareMetal__Transport__ClusterSecret"] = secret,
        });
        var gatewayPort = int.Parse(GatewayPortPattern().Match(silo.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        var http = BareMetalClient.Create(new BareMetalClientOptions { BaseAddress = silo.BaseAddress });
        var enrolled = await TestNodes.EnrollAsync(http, "rc-cluster");

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBareMetalClusterClient(options =>
        {
            options.Gateways.Add($"127.0.0.1:{gatewayPort}");
            options.ClusterSecret = secret;
        });
        using var app = builder.Build();
        await app.StartAsync();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var node = await grains.GetGrain<INodeGrain>(enrolled.Id).Get();
        await app.StopAsync();

        Assert.Equal(enrolled.Name, node.Name);
        Assert.Equal("rc-cluster", node.ResourceClass);
        Assert.Throws<SiloUnavailableException>(() => grains.GetGrain<INodeGrain>(enrolled.Id));
    }

    [Fact]
    public void AddBareMetalClusterClient_without_a_gateway_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddBareMetalClusterClient(_ => { }));

        Assert.Contains("gateway", error.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"gateway port (\d+)")]
    private static partial Regex GatewayPortPattern();
}
