using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;

namespace BareMetal.Api.Tests;

/// <summary>Server-sent events: one operation's progress, and the fleet's changes.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class EventStreamTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task An_operation_stream_sends_each_version_and_ends_when_the_operation_ends()
    {
        using var client = fixture.Host.Client(ApiHostFixture.ReaderKey);
        using var operatorClient = fixture.Host.Client(ApiHostFixture.OperatorKey);
        var id = await operatorClient.CreateNodeAsync("sse-op");
        var operationId = await operatorClient.ActAsync(id, "manage");

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync($"api/operations/{operationId}/events", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ReadEventsAsync(response, deadline.Token, stopAfter: _ => false);

        var statuses = events.Select(e => (string)e["status"]!).ToList();
        Assert.Equal("succeeded", statuses[^1]);
        var versions = events.Select(e => (long)e["version"]!).ToList();
        Assert.Equal(versions.Order().Distinct(), versions);
    }

    [Fact]
    public async Task The_fleet_stream_reports_a_node_created_after_it_was_opened()
    {
        using var client = fixture.Host.Client(ApiHostFixture.OperatorKey);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var reading = Task.Run(async () =>
        {
            var nodeId = await _created.Task;
            return await ReadEventsAsync(response, deadline.Token, stopAfter: e => (string?)e["nodeId"] == nodeId);
        });
        _created.SetResult(await client.CreateNodeAsync("sse-fleet"));
        var events = await reading;
        var change = events[^1];
        Assert.Equal("enroll", (string)change["node"]!["provisionState"]!);
        Assert.False((bool)change["deleted"]!);
    }

    private readonly TaskCompletionSource<string> _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Reads "data:" lines as JSON until the stream ends or <paramref name="stopAfter"/> says so.</summary>
    private static async Task<List<JsonNode>> ReadEventsAsync(HttpResponseMessage response, CancellationToken cancellationToken, Func<JsonNode, bool> stopAfter)
    {
        var events = new List<JsonNode>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var data = JsonNode.Parse(line["data: ".Length..])!;
                events.Add(data);
                if (stopAfter(data))
                {
                    break;
                }
            }
        }

        return events;
    }
}
