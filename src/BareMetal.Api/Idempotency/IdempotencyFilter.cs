using System.Security.Cryptography;
using System.Text;
using BareMetal.Api.Errors;
using BareMetal.Api.Hosting;
using BareMetal.Api.Json;
using BareMetal.Api.Security;
using BareMetal.Contracts.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace BareMetal.Api.Idempotency;

/// <summary>
/// Makes a POST with an <c>Idempotency-Key</c> header safe to retry: the first request with a key is handled and its
/// answer stored; a retry with the same method, path and body gets the same answer again; the same key with another
/// request gets 422, and while the first is still being handled, 409. Answers of 5xx give the key up so a retry
/// runs again. Keys are scoped by client (API key name).
/// </summary>
internal sealed partial class IdempotencyFilter(IGrainFactory grains, IOptions<ApiOptions> options, IdempotencyAnswerRetry retry, TimeProvider timeProvider, ILogger<IdempotencyFilter> logger) : IEndpointFilter
{
    /// <summary>The request header.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The response header set on a replayed answer.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    private const string KeyItem = "BareMetal.IdempotencyKey";

    /// <summary>The idempotency key of the request being handled, if it has one.</summary>
    public static string? KeyOf(HttpContext context) => context.Items[KeyItem] as string;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // Without a key the request passes straight through (no state machine waiting for the handler).
        return HttpMethods.IsPost(http.Request.Method) && http.Request.Headers.TryGetValue(HeaderName, out var values)
            ? InvokeWithKeyAsync(context, next, values)
            : next(context);
    }

    private async ValueTask<object?> InvokeWithKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, StringValues values)
    {
        var http = context.HttpContext;
        var key = values.ToString();
        if (key.Length is 0 or > IdempotencyKeys.MaxLength || values.Count > 1)
        {
            throw ApiProblemException.BadRequest($"The {HeaderName} header must be one value of 1 to {IdempotencyKeys.MaxLength} characters.");
        }

        var body = await RequestBodies.ReadBytesAsync(http);
        var fingerprint = Fingerprint(http.Request, body.Span);
        var grain = grains.GetResolvedGrain<IIdempotencyGrain>(IdempotencyKeys.GrainKey(http.User.ClientName(), key));
        var lease = options.Value.IdempotencyLease;
        var leaseEnds = timeProvider.GetUtcNow() + lease;
        var reservation = await grain.Reserve(fingerprint, lease);
        switch (reservation.Outcome)
        {
            case IdempotencyOutcome.Replay when reservation.Response is { } stored:
                return new StoredResponseResult(stored);
            case IdempotencyOutcome.Mismatch:
                throw new ApiProblemException(422, "idempotency-key-mismatch", "Idempotency key reused", $"The {HeaderName} '{key}' was already used with a different request (method, path or body).");
            case IdempotencyOutcome.InProgress:
                throw new ApiProblemException(409, "idempotency-key-in-progress", "Request in progress", $"A request with the {HeaderName} '{key}' is being handled now; retry once it has been answered.")
                {
                    RetryAfter = TimeSpan.FromSeconds(1),
                };
        }

        http.Items[KeyItem] = key;
        object? outcome;
        try
        {
            outcome = await next(context);
        }
        catch (Exception exception) when (GrainExceptionMapper.ToProblem(exception) is { } problem)
        {
            UnavailableAnswerLog.LogIfUnavailable(logger, http.Request, exception, problem);
            outcome = new ProblemResult(problem);
        }
        catch
        {
            await grain.Release(fingerprint);
            throw;
        }

        var result = outcome as IResult ?? Results.Json(outcome, ApiJson.Options);
        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await result.ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        var status = http.Response.StatusCode;
        var location = http.Response.Headers.Location.ToString();
        var answer = new StoredResponse(status, http.Response.ContentType ?? "application/json", Encoding.UTF8.GetString(captured.ToArray()), location.Length > 0 ? location : null);
        Task Store() => status >= 500 ? grain.Release(fingerprint) : grain.Complete(fingerprint, answer);
        try
        {
            await Store();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The answer is still correct for this request; it is stored in the background while the lease lasts, so
            // that retries get it instead of 409 until the lease runs out.
            LogStoreFailed(logger, exception, key);
            _ = retry.RetryAsync(key, Store, leaseEnds);
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
        return Results.Empty;
    }

    private static string Fingerprint(HttpRequest request, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path.Value}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the answer for idempotency key {Key} failed; it is tried again while the key's lease lasts")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string key);
}
