using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BareMetal.Api.Errors;

/// <summary>
/// Logs why a request was answered 503 because of the cluster (a silo died, an activation moved, a call timed out).
/// The client sees only a fixed text; the operator needs the exception to tell a failover from a defect.
/// </summary>
public static partial class UnavailableAnswerLog
{
    /// <summary>Logs <paramref name="exception"/> when <paramref name="problem"/> is a 503 that the cluster caused.</summary>
    /// <param name="logger">Where to log.</param>
    /// <param name="request">The request answered.</param>
    /// <param name="exception">What the grain call threw.</param>
    /// <param name="problem">The answer made of it.</param>
    public static void LogIfUnavailable(ILogger logger, HttpRequest request, Exception exception, ApiProblemException problem)
    {
        if (problem.Status == StatusCodes.Status503ServiceUnavailable && exception is not ApiProblemException)
        {
            Log(logger, request, exception, problem.Kind);
        }
    }

    /// <summary>Logs a 503 answered for <paramref name="exception"/>.</summary>
    /// <param name="logger">Where to log.</param>
    /// <param name="request">The request answered.</param>
    /// <param name="exception">What the grain call threw.</param>
    /// <param name="kind">The unavailability's kind (<see cref="ClusterUnavailability.Classify"/>).</param>
    public static void Log(ILogger logger, HttpRequest request, Exception exception, string kind) =>
        LogAnswered(logger, exception, request.Method, request.Path, kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Method} {Path} answered 503 ({Kind})")]
    private static partial void LogAnswered(ILogger logger, Exception exception, string method, string path, string kind);
}
