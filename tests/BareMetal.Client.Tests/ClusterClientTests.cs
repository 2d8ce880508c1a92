using System.Globalization;
using System.Text.RegularExpressions;
using BareMetal.Contracts.Nodes;
using BareMetal.TestInfrastructure;
using Orleans.Runtime;
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
        var grains = app.Services.GetRequiredService<Orleans.IGrainFactory>();
        var node = await grains.GetGrain<INodeGrain>(enrolled.Id).Get();
        await app.StopAsync();

        Assert.Equal(enrolled.Name, node.Name);
        Assert.Equal("rc-cluster", node.ResourceClass);
        await Assert.ThrowsAnyAsync<Exception>(() => grains.GetGrain<INodeGrain>(enrolled.Id).Get());
    }

    [Fact]
    public async Task A_client_without_the_cluster_secret_cannot_call_a_grain()
    {
        await using var silo = await BareMetalHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["BareMetal__Clustering__Enabled"] = "true",
            ["BareMetal__Endpoints__SiloPort"] = "0",
            ["BareMetal__Endpoints__GatewayPort"] = "0",
            ["BareMetal__Transport__ClusterSecret"] = "cluster-secret-0123456789",
        });
        var gatewayPort = int.Parse(GatewayPortPattern().Match(silo.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        var enrolled = await TestNodes.EnrollAsync(BareMetalClient.Create(new BareMetalClientOptions { BaseAddress = silo.BaseAddress }), "rc-outsider");

        foreach (var secret in new[] { "another-secret-0123456789", string.Empty })
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddBareMetalClusterClient(options =>
            {
                options.Gateways.Add($"127.0.0.1:{gatewayPort}");
                options.ClusterSecret = secret;
            });
            using var app = builder.Build();
            using var stop = new CancellationTokenSource();

            // With another secret the TLS handshake fails; without one, the silo drops the plain connection. The client
            // keeps retrying its gateway, so what is checked is that no call gets an answer: the attempt either fails
            // with a connection error or is still without an answer when the test gives up on it.
            var attempt = Task.Run(async () =>
            {
                await app.StartAsync(stop.Token);
                return await app.Services.GetRequiredService<Orleans.IGrainFactory>().GetGrain<INodeGrain>(enrolled.Id).Get().WaitAsync(stop.Token);
            });
            var ended = await Task.WhenAny(attempt, Task.Delay(TimeSpan.FromSeconds(15)));
            await stop.CancelAsync();
            var refused = await Record.ExceptionAsync(() => attempt);
            Assert.True(
                refused is Orleans.Runtime.Messaging.ConnectionFailedException or TimeoutException or SiloUnavailableException || (ended != attempt && refused is OperationCanceledException),
                $"With secret '{secret}': {refused?.GetType().Name ?? "an answer"}: {refused?.Message}");
        }
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
