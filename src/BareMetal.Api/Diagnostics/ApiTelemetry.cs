using System.Diagnostics;
using BareMetal.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Diagnostics;

/// <summary>The gateway's traces: one activity per API request, whose trace id is recorded on the operations it creates.</summary>
public static class ApiTelemetry
{
    /// <summary>The name of the gateway's <see cref="ActivitySource"/>.</summary>
    public const string ActivitySourceName = "BareMetal.Api";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>
    /// The W3C trace id of the request: the current activity's when tracing is on, else the caller's traceparent
    /// header, else the one made up for this request (so that an operation always records one).
    /// </summary>
    public static string TraceId(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Activity.Current is { } activity && activity.TraceId != default)
        {
            return activity.TraceId.ToHexString();
        }

        if (context.Items[nameof(TraceId)] is string known)
        {
            return known;
        }

        var traceParent = context.Request.Headers["traceparent"].ToString();
        var made = ActivityContext.TryParse(traceParent, null, out var parsed)
            ? parsed.TraceId.ToHexString()
            : ActivityTraceId.CreateRandom().ToHexString();
        context.Items[nameof(TraceId)] = made;
        return made;
    }

    internal static void MarkFailed(ApiProblemException problem)
    {
        ApiMetrics.Problem(problem.Status, problem.Kind);
        if (Activity.Current is { } activity && activity.Source == Source)
        {
            activity.SetStatus(problem.Status >= 500 ? ActivityStatusCode.Error : ActivityStatusCode.Unset, problem.Kind);
            activity.SetTag("http.response.status_code", problem.Status);
            activity.SetTag("baremetal.problem", problem.Kind);
        }
    }
}
