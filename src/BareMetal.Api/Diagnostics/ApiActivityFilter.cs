using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BareMetal.Api.Diagnostics;

/// <summary>Wraps each API handler in an activity of <see cref="ApiTelemetry.Source"/>; grain calls made inside continue its trace.</summary>
internal sealed class ApiActivityFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        // Nobody records API activities: skip naming one (a string per request) that would not be created, and the
        // state machine that would wait for the handler.
        ApiTelemetry.Source.HasListeners() ? InvokeTracedAsync(context, next) : next(context);

    private static async ValueTask<object?> InvokeTracedAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value;
        using var activity = ApiTelemetry.Source.StartActivity($"{http.Request.Method} {route}", ActivityKind.Internal);
        activity?.SetTag("http.request.method", http.Request.Method);
        activity?.SetTag("http.route", route);
        activity?.SetTag("baremetal.client", Security.ApiClaims.ClientName(http.User));
        return await next(context);
    }
}
