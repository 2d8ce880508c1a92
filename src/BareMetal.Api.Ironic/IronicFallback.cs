using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace BareMetal.Api.Ironic;

/// <summary>
/// What /v1 answers when no endpoint took the request: 405 with an Allow header when the path exists for other
/// methods (as Ironic does), 404 otherwise; both in Ironic's error format and with the version headers.
/// </summary>
internal static class IronicFallback
{
    /// <summary>The catch-all's own route, left out when looking for the path's real endpoints.</summary>
    public const string Pattern = "/{**rest}";

    public static IResult Answer(HttpContext http, EndpointDataSource endpoints)
    {
        var path = http.Request.Path;
        var allowed = endpoints.Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/v1", StringComparison.Ordinal) && !raw.EndsWith(Pattern, StringComparison.Ordinal))
            .Where(e => Matches(e.RoutePattern, path))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (allowed.Count > 0)
        {
            http.Response.Headers.Allow = string.Join(", ", allowed);
            return IronicError.Result(405, $"The method {http.Request.Method} is not allowed for {path}; allowed: {string.Join(", ", allowed)}.");
        }

        return IronicError.Result(404, $"The resource {path} could not be found.");
    }

    private static bool Matches(RoutePattern pattern, PathString path) =>
        new TemplateMatcher(TemplateParser.Parse(pattern.RawText!), new RouteValueDictionary()).TryMatch(path, new RouteValueDictionary());
}
