using System.Globalization;
using System.Text.Json;
using BareMetal.Api.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BareMetal.Api.Errors;

/// <summary>Writes RFC 9457 problem documents (application/problem+json).</summary>
public static class ApiProblems
{
    /// <summary>The media type of problem documents.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>The prefix of every problem type URI; the problem's kind follows.</summary>
    public const string TypePrefix = "urn:baremetal:problem:";

    /// <summary>Writes a problem as the response.</summary>
    public static Task Write(HttpContext context, int status, string kind, string title, string detail, IDictionary<string, object?>? extensions = null, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = RetryAfterSeconds(delay).ToString(CultureInfo.InvariantCulture);
        }

        return response.WriteAsync(Serialize(status, kind, title, detail, context.Request.Path, extensions, retryAfter), context.RequestAborted);
    }

    /// <summary>Writes <paramref name="problem"/> as the response.</summary>
    public static Task Write(HttpContext context, ApiProblemException problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Write(context, problem.Status, problem.Kind, problem.Title, problem.Message, problem.Extensions, problem.RetryAfter);
    }

    /// <summary>
    /// Gives the problems ASP.NET Core writes itself (no endpoint, wrong method, unhandled error) the same type scheme
    /// and a detail naming the request.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        var (kind, detail) = problem.Status switch
        {
            StatusCodes.Status404NotFound => ("not-found", $"404: there is no endpoint {request.Method} {request.Path}."),
            StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", $"405: {request.Path} does not accept {request.Method}."),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type",
                $"415: {request.Path} does not accept the content type '{request.ContentType}'; send application/json (PATCH also takes application/merge-patch+json and application/json-patch+json)."),
            >= 500 => ("internal", "The request failed unexpectedly; it was logged."),
            _ => ("http-" + problem.Status?.ToString(CultureInfo.InvariantCulture), $"The request {request.Method} {request.Path} failed."),
        };
        problem.Type = TypePrefix + kind;
        problem.Detail ??= detail;
        // The shape of the problems the API writes itself: the request's path as the instance, and no members of
        // ASP.NET Core's own (its trace id, an exception's text in development).
        problem.Instance = request.Path;
        problem.Extensions.Clear();
    }

    /// <summary>Whole seconds for a Retry-After header: rounded up, at least 1.</summary>
    public static int RetryAfterSeconds(TimeSpan delay) => Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds));

    private static string Serialize(int status, string kind, string title, string detail, PathString instance, IDictionary<string, object?>? extensions, TimeSpan? retryAfter)
    {
        var document = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = TypePrefix + kind,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = instance.Value,
        };
        if (retryAfter is { } delay)
        {
            document["retryAfterSeconds"] = RetryAfterSeconds(delay);
        }

        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                document[key] = value;
            }
        }

        return JsonSerializer.Serialize(document, ApiJson.Options);
    }
}
