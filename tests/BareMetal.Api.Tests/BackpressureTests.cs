using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;

namespace BareMetal.Api.Tests;

/// <summary>Rate limits (429), full node queues (503), duplicates and cancellation, on a host with slow power actions.</summary>
[Collection(SlowHostCollection.Name)]
public sealed class BackpressureTests(SlowHostFixture fixture)
{
    [Fact]
    public async Task A_client_over_its_rate_limit_gets_429_with_retry_after_while_others_are_served()
    {
        using var greedy = fixture.Host.Client(SlowHostFixture.Key(0));
        HttpResponseMessage? limited = null;
        for (var i = 0; i < SlowHostFixture.Burst * 2 && limited is null; i++)
        {
            var response = await greedy.GetAsync("api/nodes?limit=1");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
        }

        using var other = fixture.Host.Client(SlowHostFixture.Key(1));
        using var served = await other.GetAsync("api/nodes?limit=1");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_full_node_queue_is_503_with_retry_after_and_changes_nothing()
    {
        using var client = fixture.Host.Client(SlowHostFixture.Key(2));
        var id = await client.CreateNodeAsync("full");
        await client.ActAndWaitAsync(id, "manage");
        var running = await client.ActAsync(id, "power-on");
        var queued = await client.ActAsync(id, "power-off");

        using var refused = await client.PostAsync($"api/nodes/{id}/actions/reboot", null);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Contains(SlowHostFixture.QueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)problem["detail"]!, StringComparison.Ordinal);

        var node = await client.GetNodeAsync(id);
        var pending = node["pendingOperations"]!.AsArray().Select(o => (string)o!["id"]!).ToList();
        Assert.Equal([running, queued], pending);
    }

    [Fact]
    public async Task The_same_action_while_pending_returns_the_pending_operation()
    {
        using var client = fixture.Host.Client(SlowHostFixture.Key(3));
        var id = await client.CreateNodeAsync("duplicate");
        await client.ActAndWaitAsync(id, "manage");
        var first = await client.ActAsync(id, "power-on");
        var second = await client.ActAsync(id, "power-on");
        Assert.Equal(first, second);
        Assert.Single((await client.GetNodeAsync(id))["pendingOperations"]!.AsArray());
    }

    [Fact]
    public async Task A_queued_operation_is_cancelled_and_a_running_power_action_is_refused_with_the_reason()
    {
        using var client = fixture.Host.Client(SlowHostFixture.Key(4));
        var id = await client.CreateNodeAsync("cancel");
        await client.ActAndWaitAsync(id, "manage");
        var running = await client.ActAsync(id, "power-on");
        var queued = await client.ActAsync(id, "power-off");

        using var cancel = await client.PostAsync($"api/operations/{queued}/cancel", null);
        var accepted = await cancel.ReadJsonAsync();
        Assert.True(cancel.StatusCode == HttpStatusCode.Accepted, accepted.ToJsonString());
        Assert.Equal("cancelled", (string)accepted["operation"]!["status"]!);
        var cancelled = await client.GetFromJsonAsync<JsonNode>($"api/operations/{queued}");
        Assert.Equal("cancelled", (string)cancelled!["status"]!);
        Assert.Equal([running], (await client.GetNodeAsync(id))["pendingOperations"]!.AsArray().Select(o => (string)o!["id"]!));

        var view = await client.GetFromJsonAsync<JsonNode>($"api/operations/{running}");
        using var refused = await client.DeleteAsync($"api/operations/{running}");
        if ((bool)view!["cancellable"]!)
        {
            Assert.Equal(HttpStatusCode.Accepted, refused.StatusCode);
        }
        else
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.False(string.IsNullOrEmpty((string?)problem["reason"]));
        }
    }
}
