using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Errors;

/// <summary>
/// Turns what grains (and the request readers) throw into problems. Exceptions rebuilt from another process keep
/// only their type and message, so the conflicting operation and the retry delay are also read from the message.
/// </summary>
internal static partial class GrainExceptionMapper
{
    private static readonly TimeSpan s_defaultRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>The problem for <paramref name="exception"/>; null when it is not a known request failure (a 500).</summary>
    public static ApiProblemException? ToProblem(Exception exception) => exception switch
    {
        ApiProblemException problem => problem,
        NodeNotFoundException notFound => ApiProblemException.NotFound("node-not-found", notFound.Message),
        NodeQueueFullException full => new ApiProblemException(503, "node-queue-full", "Node queue full", full.Message)
        {
            RetryAfter = full.RetryAfter > TimeSpan.Zero ? full.RetryAfter : RetryAfterFromMessage(full.Message),
        },
        // Orleans sheds load at a busy gateway, and rejects a message it cannot deliver (its silo just died, or the
        // activation is being moved): both are worth retrying shortly.
        GatewayTooBusyException busy => new ApiProblemException(503, "overloaded", "Overloaded", busy.Message) { RetryAfter = s_defaultRetryAfter },
        OrleansMessageRejectionException rejected => new ApiProblemException(503, "unavailable", "The cluster is not reachable", rejected.Message) { RetryAfter = s_defaultRetryAfter },
        NodeRequestRefusedException refused => Refused(refused),
        OperationConflictException conflict => new ApiProblemException(422, "idempotency-key-mismatch", "Idempotency key reused", conflict.Message),
        OperationStateException state when state.CurrentStatus is null && state.Message.Contains("does not exist", StringComparison.Ordinal) =>
            ApiProblemException.NotFound("operation-not-found", state.Message),
        OperationStateException state => new ApiProblemException(409, "operation-state", "Operation state does not allow this", state.Message),
        TimeoutException timeout => new ApiProblemException(503, "timeout", "The cluster did not answer in time", timeout.Message) { RetryAfter = s_defaultRetryAfter },
        SiloUnavailableException or ClientNotAvailableException or Orleans.Runtime.Messaging.ConnectionFailedException or OrleansLifecycleCanceledException =>
            new ApiProblemException(503, "unavailable", "The cluster is not reachable", exception.Message) { RetryAfter = s_defaultRetryAfter },
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            new ApiProblemException(413, "body-too-large", "Request body too large", bad.Message),
        BadHttpRequestException bad => new ApiProblemException(bad.StatusCode, "invalid-request", "Invalid request", bad.Message),
        JsonException json => ApiProblemException.BadRequest(json.Message),
        ArgumentException argument => ApiProblemException.BadRequest(argument.Message),
        _ => null,
    };

    private static ApiProblemException Refused(NodeRequestRefusedException refused)
    {
        var conflicting = refused.ConflictingOperationId ?? OperationIdPattern().Match(refused.Message) switch
        {
            { Success: true } match => match.Value,
            _ => null,
        };
        var problem = new ApiProblemException(409, "request-refused", "Request refused", refused.Message);
        if (refused.Reason is not null)
        {
            problem.Extensions["reason"] = refused.Reason;
        }

        if (conflicting is not null)
        {
            problem.Extensions["conflictingOperationId"] = conflicting;
        }

        return problem;
    }

    private static TimeSpan RetryAfterFromMessage(string message)
    {
        var match = RetryAfterPattern().Match(message);
        return match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : s_defaultRetryAfter;
    }

    [GeneratedRegex(@"op-[0-9a-f]{32}")]
    private static partial Regex OperationIdPattern();

    [GeneratedRegex(@"[Rr]etry after ([0-9]+(?:\.[0-9]+)?) s")]
    private static partial Regex RetryAfterPattern();
}
