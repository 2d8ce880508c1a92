using System.Globalization;
using System.Text.Json;
using BareMetal.Api.Json;
using BareMetal.Api.Models;
using BareMetal.Api.Security;
using BareMetal.Contracts.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BareMetal.Api.Endpoints;

/// <summary>GET /api/events: a server-sent-events stream of fleet changes (<see cref="FleetWatch"/>) from the moment it is opened.</summary>
internal static class EventEndpoints
{
    private static readonly TimeSpan s_heartbeat = TimeSpan.FromSeconds(15);

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
        var position = await FleetWatch.NowAsync(grains);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await WriteAsync(response, ": connected\n\n", aborted);

        await using var changes = FleetWatch.ChangesAsync(grains, position, aborted).GetAsyncEnumerator(aborted);
        try
        {
            var next = changes.MoveNextAsync().AsTask();
            Task? heartbeat = null;
            while (!aborted.IsCancellationRequested)
            {
                heartbeat ??= Task.Delay(s_heartbeat, aborted);
                if (await Task.WhenAny(next, heartbeat) == heartbeat)
                {
                    // A comment line keeps proxies from closing an idle stream.
                    heartbeat = null;
                    await WriteAsync(response, ": waiting\n\n", aborted);
                    continue;
                }

                if (!await next)
                {
                    return;
                }

                var change = changes.Current;
                var shard = NodeIndex.ShardOf(change.NodeId);
                var payload = JsonSerializer.Serialize(
                    new FleetEvent(change.NodeId, shard, change.Sequence, change.At, change.Node is null, change.Node is null ? null : NodeResource.From(change.Node, [])),
                    ApiJson.Options);
                var id = shard.ToString(CultureInfo.InvariantCulture) + ":" + change.Sequence.ToString(CultureInfo.InvariantCulture);
                await WriteAsync(response, $"id: {id}\nevent: node\ndata: {payload}\n\n", aborted);
                next = changes.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
