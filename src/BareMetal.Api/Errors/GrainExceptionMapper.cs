using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BareMetal.Api.Json;
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
    // How the node grain words its refusal of a driver no silo registered (NodeGrain.UnknownDriver).
    private const string UnknownDriverReason = "no driver named '";

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
        NodeRequestRefusedException refused => Refused(refused),
        OperationConflictException conflict => new ApiProblemException(422, "idempotency-key-mismatch", "Idempotency key reused", conflict.Message),
        OperationStateException state when state.CurrentStatus is null && state.Message.Contains("does not exist", StringComparison.Ordinal) =>
            ApiProblemException.NotFound("operation-not-found", state.Message),
        OperationStateException state => new ApiProblemException(409, "operation-state", "Operation state does not allow this", state.Message),
        _ when ClusterUnavailability.Classify(exception) is { } unavailable =>
            new ApiProblemException(503, unavailable.Kind, unavailable.Title, unavailable.Detail) { RetryAfter = ClusterUnavailability.RetryAfter },
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            new ApiProblemException(413, "body-too-large", "Request body too large", bad.Message),
        BadHttpRequestException bad => new ApiProblemException(bad.StatusCode, "invalid-request", "Invalid request", bad.Message),
        JsonException json => RequestBodies.Invalid(json),
        // Without the " (Parameter 'x')" .NET appends, which names a method's parameter, not a field of the request.
        ArgumentException argument => ApiProblemException.BadRequest(ParameterSuffixPattern().Replace(argument.Message, string.Empty)),
        _ => null,
    };

    private static ApiProblemException Refused(NodeRequestRefusedException refused)
    {
        // A driver no silo has is a mistake in the request, not a conflict with the node's state: nothing the client
        // waits for will make it acceptable.
        if ((refused.Reason ?? refused.Message).Contains(UnknownDriverReason, StringComparison.Ordinal))
        {
            return new ApiProblemException(400, "unknown-driver", "Unknown driver", refused.Message);
        }

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

    [GeneratedRegex(@" \(Parameter '[^']*'\)$")]
    private static partial Regex ParameterSuffixPattern();

    [GeneratedRegex(@"op-[0-9a-f]{32}")]
    private static partial Regex OperationIdPattern();

    [GeneratedRegex(@"[Rr]etry after ([0-9]+(?:\.[0-9]+)?) s")]
    private static partial Regex RetryAfterPattern();
}
