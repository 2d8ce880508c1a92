using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using BareMetal.Api.Json;
using BareMetal.Api.Models;
using BareMetal.Api.Security;
using BareMetal.Contracts.Fleet;
using BareMetal.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BareMetal.Api.Endpoints;

/// <summary>GET /api/events: a server-sent-events stream of fleet changes, merged from the long-polls of every index shard.</summary>
internal static class EventEndpoints
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/events", Stream).WithTags("Events").RequireAuthorization(ApiRoles.Reader).WithName("StreamFleetEvents")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
    }

    private static async Task Stream(HttpContext context, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var aborted = context.RequestAborted;
        var response = context.Response;
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1024) { SingleReader = true });

        // Start every shard at its current end: the stream carries what happens from now on.
        var shards = await Task.WhenAll(Enumerable.Range(0, NodeIndex.ShardCount).Select(async shard =>
        {
            var grain = grains.GetGrain<INodeIndexGrain>(NodeIndex.ShardKey(shard));
            var start = await grain.Changes(long.MaxValue, TimeSpan.Zero);
            return (Shard: shard, Grain: grain, Start: start.LastSequence);
        }));

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.WriteAsync(": connected\n\n", aborted);
        await response.Body.FlushAsync(aborted);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var pollers = shards.Select(s => Poll(s.Shard, s.Grain, s.Start, channel.Writer, stop.Token)).ToList();
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                heartbeat.CancelAfter(s_wait);
                string message;
                try
                {
                    message = await channel.Reader.ReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    message = ": waiting\n\n";
                }

                await response.WriteAsync(message, aborted);
                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(pollers);
        }
    }

    private static async Task Poll(int shard, INodeIndexGrain grain, long after, ChannelWriter<string> writer, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await grain.Changes(after, s_wait);
                if (batch.Truncated)
                {
                    await writer.WriteAsync($"event: resync\ndata: {{\"shard\":{shard}}}\n\n", cancellationToken);
                }

                foreach (var change in batch.Changes)
                {
                    var payload = JsonSerializer.Serialize(
                        new FleetEvent(change.NodeId, shard, change.Sequence, change.At, change.Node is null, change.Node is null ? null : NodeResource.From(change.Node, [])),
                        ApiJson.Options);
                    var id = shard.ToString(CultureInfo.InvariantCulture) + ":" + change.Sequence.ToString(CultureInfo.InvariantCulture);
                    await writer.WriteAsync($"id: {id}\nevent: node\ndata: {payload}\n\n", cancellationToken);
                }

                after = Math.Max(after, batch.LastSequence);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A shard that cannot be reached now is asked again shortly; the other shards keep flowing.
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
