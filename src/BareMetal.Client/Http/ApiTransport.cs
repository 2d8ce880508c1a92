using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BareMetal.Client.Json;
using Microsoft.Extensions.Logging;

namespace BareMetal.Client.Http;

/// <summary>
/// Sends requests to the API with the key, a deadline per attempt and bounded retries, and turns error answers into
/// typed exceptions. Only calls marked retryable are sent again: reads, deletes, and POSTs that carry an
/// Idempotency-Key (the caller puts the same key on every attempt, so the server runs the request at most once).
/// </summary>
internal sealed partial class ApiTransport
{
    private const string IdempotencyInProgress = "idempotency-key-in-progress";
    private readonly HttpClient _http;
    private readonly BareMetalClientOptions _options;
    private readonly ILogger _logger;
    private readonly Uri _baseAddress;

    public ApiTransport(HttpClient http, BareMetalClientOptions options, ILogger logger)
    {
        _http = http;
        _options = options;
        _logger = logger;
        var problems = BareMetalClientOptionsValidator.Problems(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var text = options.BaseAddress!.ToString();
        _baseAddress = new Uri(text.EndsWith('/') ? text : text + "/");
    }

    public BareMetalClientOptions Options => _options;

    /// <summary>The absolute URI of an API path such as "api/nodes".</summary>
    public Uri Uri(string relative) => new(_baseAddress, relative);

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken, TimeSpan? serverWait = null)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Uri(path)), retryable: true, serverWait ?? TimeSpan.Zero, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    public async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, string? contentType, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(method, Uri(path));
                if (body is not null)
                {
                    request.Content = JsonContent.Create(body, body.GetType(), contentType is null ? null : new MediaTypeHeaderValue(contentType), ClientJson.Options);
                }

                if (idempotencyKey is not null)
                {
                    request.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                return request;
            },
            retryable: method == HttpMethod.Get || method == HttpMethod.Delete || idempotencyKey is not null,
            TimeSpan.Zero,
            HttpCompletionOption.ResponseContentRead,
            cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, Uri(path)), retryable: true, TimeSpan.Zero, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    /// <summary>Opens a server-sent-events stream; the caller owns the response.</summary>
    public Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, Uri(path));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                return request;
            },
            retryable: true,
            TimeSpan.Zero,
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken);

    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, bool retryable, TimeSpan serverWait, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = build();
            if (_options.ApiKey is { } key)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            var canRetry = retryable && attempt < _options.MaxRetries;
            HttpResponseMessage response;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(_options.RequestTimeout + serverWait);
                try
                {
                    response = await _http.SendAsync(request, completion, deadline.Token);
                }
                catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    var reason = exception is OperationCanceledException ? $"no answer within {(_options.RequestTimeout + serverWait).TotalSeconds:0.#} s" : exception.Message;
                    if (!canRetry)
                    {
                        throw new BareMetalConnectionException($"The BareMetal API at {_baseAddress} could not be reached: {reason}", exception);
                    }

                    var backoff = Backoff(attempt);
                    LogRetry(_logger, request.Method.Method, request.RequestUri!.AbsolutePath, reason, backoff.TotalMilliseconds, attempt + 1);
                    await Task.Delay(backoff, cancellationToken);
                    continue;
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var problem = await ReadProblemAsync(response, cancellationToken);
                var retryAfter = RetryAfter(response, problem);
                var status = (int)response.StatusCode;
                var transient = status is 429 or 502 or 503 or 504 || (status == 409 && problem?.Kind == IdempotencyInProgress);
                if (transient && canRetry)
                {
                    var wait = retryAfter ?? Backoff(attempt);
                    if (wait <= _options.MaxRetryDelay)
                    {
                        LogRetry(_logger, request.Method.Method, request.RequestUri!.AbsolutePath, $"HTTP {status}", wait.TotalMilliseconds, attempt + 1);
                        await Task.Delay(wait, cancellationToken);
                        continue;
                    }
                }

                throw ToException(response.StatusCode, problem, retryAfter, request);
            }
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ClientJson.Options, cancellationToken)
                ?? throw new BareMetalApiException(response.StatusCode, null, $"The API answered {(int)response.StatusCode} with an empty body where a {typeof(T).Name} was expected.");
        }
        catch (JsonException exception)
        {
            throw new BareMetalApiException($"The API's answer could not be read as {typeof(T).Name}: {exception.Message}", exception);
        }
    }

    private static async Task<ProblemDocument?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? type = null, title = null, detail = null;
            var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var member in document.RootElement.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "type" when member.Value.ValueKind == JsonValueKind.String:
                        type = member.Value.GetString();
                        break;
                    case "title" when member.Value.ValueKind == JsonValueKind.String:
                        title = member.Value.GetString();
                        break;
                    case "detail" when member.Value.ValueKind == JsonValueKind.String:
                        detail = member.Value.GetString();
                        break;
                    default:
                        extensions[member.Name] = member.Value.Clone();
                        break;
                }
            }

            return new ProblemDocument(type, title, detail, extensions);
        }
        catch (JsonException)
        {
            return new ProblemDocument(null, null, text.Length > 500 ? text[..500] : text, new Dictionary<string, JsonElement>());
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, ProblemDocument? problem)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta;
            }

            if (header.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return problem is not null && problem.Extensions.TryGetValue("retryAfterSeconds", out var seconds) && seconds.TryGetDouble(out var value)
            ? TimeSpan.FromSeconds(value)
            : null;
    }

    private static BareMetalApiException ToException(HttpStatusCode status, ProblemDocument? problem, TimeSpan? retryAfter, HttpRequestMessage request)
    {
        var message = problem?.Detail ?? problem?.Title ?? $"{request.Method} {request.RequestUri?.AbsolutePath} answered {(int)status} {status}.";
        return (int)status switch
        {
            401 or 403 => new BareMetalAuthException(status, problem, message),
            404 => new BareMetalNotFoundException(status, problem, message),
            409 when problem?.Text("conflictingOperationId") is not null => new BareMetalConflictException(status, problem, message),
            400 or 409 or 413 or 415 or 422 => new BareMetalRefusedException(status, problem, message),
            429 or 503 => new BareMetalOverloadedException(status, problem, message, retryAfter),
            _ => new BareMetalApiException(status, problem, message),
        };
    }

    private TimeSpan Backoff(int attempt)
    {
        var scaled = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));

        // Jitter spreads the retries of many clients that failed together.
        var jittered = scaled * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, _options.MaxRetryDelay.TotalMilliseconds));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} failed ({Reason}); retrying in {DelayMs} ms (retry {Retry})")]
    private static partial void LogRetry(ILogger logger, string method, string path, string reason, double delayMs, int retry);
}
