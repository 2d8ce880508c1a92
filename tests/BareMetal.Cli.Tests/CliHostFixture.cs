using BareMetal.Client;
using BareMetal.Client.Models;
using BareMetal.TestInfrastructure;

namespace BareMetal.Cli.Tests;

/// <summary>A real host with one admin key, and a way to run the built bm against it.</summary>
public sealed class CliHostFixture : IAsyncLifetime
{
    public const string AdminKey = "cli-admin-key-0123456789";

    public BareMetalHostProcess Host { get; private set; } = null!;

    public BareMetalClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await BareMetalHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["BareMetal__Api__Keys__0__Name"] = "cli",
            ["BareMetal__Api__Keys__0__Key"] = AdminKey,
            ["BareMetal__Api__Keys__0__Role"] = "admin",
            // Long enough that a bm process started after a deploy still finds it running.
            ["BareMetal__Drivers__Simulated__ImageWriteLatency"] = "00:00:03",
        });
        Client = BareMetalClient.Create(new BareMetalClientOptions { BaseAddress = Host.BaseAddress, ApiKey = AdminKey });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Runs bm with the endpoint and key in the environment (as an operator's shell would have them).</summary>
    public Task<BmResult> BmAsync(params string[] args) => BmRunner.RunAsync(args, new Dictionary<string, string?>
    {
        ["BAREMETAL_ENDPOINT"] = Host.BaseAddress.ToString(),
        ["BAREMETAL_API_KEY"] = AdminKey,
    });

    public async Task<Node> AvailableNodeAsync(string? resourceClass = null)
    {
        var node = await Client.Nodes.CreateAsync(new NewNode { Driver = "fake-hardware", Name = "cli-" + Guid.NewGuid().ToString("N")[..10], ResourceClass = resourceClass });
        await (await Client.Nodes.ManageAsync(node.Id)).WaitAsync();
        await (await Client.Nodes.ProvideAsync(node.Id)).WaitAsync();
        return node;
    }
}
