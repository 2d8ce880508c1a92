using BareMetal.Client.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Client.Tests;

public sealed class DependencyInjectionTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task AddBareMetalClient_resolves_a_typed_client_that_talks_to_the_host()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBareMetalClient(o => o.BaseAddress = fixture.Host.BaseAddress);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<BareMetalClient>();
        var node = await TestNodes.EnrollAsync(client);
        var page = await client.Nodes.ListAsync(new NodeListQuery { Search = node.Name });

        Assert.Equal(node.Id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task Invalid_options_fail_with_every_problem_named()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBareMetalClient(o =>
        {
            o.MaxRetries = -1;
            o.LongPollTimeout = TimeSpan.FromMinutes(5);
        });
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<BareMetalClient>());

        Assert.Contains(error.Failures, f => f.Contains("BaseAddress", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MaxRetries", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("LongPollTimeout", StringComparison.Ordinal));
    }
}
