using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace BareMetal.Api.Errors;

/// <summary>
/// Runs a request's handler again when a grain's write was refused because another activation of the same grain wrote
/// first (<see cref="InconsistentStateException"/>). After a silo dies, Orleans' directory can briefly hold two
/// activations of one node; the ETag refuses the stale one's write, nothing of the request was stored, and Orleans
/// deactivates the stale activation, so the same request sent again reaches one that read the latest state. Only if
/// that keeps failing does the client get 503 ("moved") to retry itself.
/// </summary>
/// <remarks>
/// It sits innermost, next to the handler: the body has been read once and is kept (RequestBodies), and the
/// idempotency filter outside sees one answer.
/// </remarks>
public sealed partial class ResourceMovedRetryFilter(ILogger<ResourceMovedRetryFilter> logger) : IEndpointFilter
{
    // Short waits: the stale activation is deactivated as soon as its refused call ends.
    private static readonly TimeSpan[] s_delays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250)];

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await next(context);
            }
            catch (InconsistentStateException refused) when (attempt < s_delays.Length && !context.HttpContext.Response.HasStarted)
            {
                LogRetried(logger, context.HttpContext.Request.Method, context.HttpContext.Request.Path, attempt + 1, refused.Message);
                await Task.Delay(s_delays[attempt], context.HttpContext.RequestAborted);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {Method} {Path} met a stale activation (attempt {Attempt}); sending it again: {Reason}")]
    private static partial void LogRetried(ILogger logger, string method, string path, int attempt, string reason);
}
