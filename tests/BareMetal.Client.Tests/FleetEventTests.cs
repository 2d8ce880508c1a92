using BareMetal.Client.Models;

namespace BareMetal.Client.Tests;

public sealed class FleetEventTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_event_stream_carries_changes_of_a_node_as_they_happen()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.EnrollAsync(client);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = client.StreamFleetEventsAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = events.MoveNextAsync().AsTask();

        // The stream starts at "now" once connected, and nothing signals that; so change the node until a change
        // of it arrives (each edit is a new change).
        FleetEvent? seen = null;
        for (var edit = 0; seen is null; edit++)
        {
            stop.Token.ThrowIfCancellationRequested();
            await client.Nodes.UpdateAsync(node.Id, new NodeChanges { Description = $"edit {edit}" });
            while (seen is null && await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(500), stop.Token)) == next)
            {
                Assert.True(await next, "the stream ended");
                if (events.Current is { Kind: FleetEvent.NodeChanged } change && change.NodeId == node.Id)
                {
                    seen = change;
                }

                next = events.MoveNextAsync().AsTask();
            }
        }

        Assert.False(seen.Deleted);
        Assert.Equal(node.Name, seen.Node!.Name);
        Assert.StartsWith("edit ", seen.Node.Description, StringComparison.Ordinal);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }
}
