using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BareMetal.Api.Diagnostics;

/// <summary>
/// The request log: one line per request (method, path, query with secrets masked, status, duration) at Debug level,
/// category <c>BareMetal.Api.Requests</c>. It stands in for ASP.NET Core's "Request starting" lines, which print the
/// query string as it came, keys included; the host turns those off.
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    /// <summary>The log category.</summary>
    public const string Category = "BareMetal.Api.Requests";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            LogRequest(
                _logger,
                context.Request.Method,
                context.Request.PathBase + context.Request.Path,
                RedactedQuery.Of(context.Request.QueryString),
                context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Method} {Path}{Query} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, string query, int status, double elapsedMs);
}
