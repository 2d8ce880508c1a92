using BareMetal.Api.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BareMetal.Api.Errors;

/// <summary>
/// Runs every API handler and turns the failures it knows into problem+json answers (4xx, 503); anything else is
/// logged and answered 500 without details.
/// </summary>
internal sealed partial class ApiErrorFilter(ILogger<ApiErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception exception) when (!context.HttpContext.Response.HasStarted && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            if (GrainExceptionMapper.ToProblem(exception) is { } problem)
            {
                UnavailableAnswerLog.LogIfUnavailable(logger, context.HttpContext.Request, exception, problem);
                ApiTelemetry.MarkFailed(problem);
                return new ProblemResult(problem);
            }

            LogUnexpected(logger, exception, context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return new ProblemResult(new ApiProblemException(500, "internal", "Internal error", "The request failed unexpectedly; it was logged. Trace id: " + context.HttpContext.TraceIdentifier));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
