using BareMetal.Runtime.Invocation;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Activations;

/// <summary>The sink of a one-way request: nobody awaits it, so a failure is logged instead of lost.</summary>
internal sealed partial class OneWayFailureLogger(ILogger logger, GrainId grainId, RequestBase request) : IResponseSink
{
    public void SetBoxedResult(object? result)
    {
    }

    public void SetException(Exception exception) => LogOneWayFailed(logger, exception, request.ToString(), grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "One-way call {Method} on grain {GrainId} failed")]
    private static partial void LogOneWayFailed(ILogger logger, Exception exception, string method, GrainId grainId);
}
