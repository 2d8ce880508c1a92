using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Dashboard;

/// <summary>GET /dashboard/api/stream: server-sent events, a "history" event then a "snapshot" event every second.</summary>
internal static class DashboardStream
{
    private static readonly TimeSpan s_heartbeat = TimeSpan.FromSeconds(15);

    public static async Task WriteAsync(HttpContext context, DashboardFeed feed)
    {
        var aborted = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Proxies must not buffer a live feed.
        response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = feed.Subscribe();
        try
        {
            await response.WriteAsync(": connected\n\n", aborted);
            await response.Body.FlushAsync(aborted);
            while (!aborted.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                heartbeat.CancelAfter(s_heartbeat);
                string message;
                try
                {
                    message = await subscription.Messages.ReadAsync(heartbeat.Token);
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
            // The dashboard was closed.
        }
    }
}
