using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace BareMetal.Chaos;

/// <summary>
/// The gateway's native API as the chaos clients use it: every request and its answer is recorded (status,
/// Retry-After, problem kind, operation id) for the audit; a request not answered within the timeout counts as
/// unanswered, as it does for a client that gives up.
/// </summary>
public sealed class ChaosApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly Stopwatch _clock;
    private readonly TimeSpan _timeout;
    private readonly ConcurrentQueue<ApiCall> _calls = new();

    /// <summary>A client of <paramref name="baseAddress"/>, stamping calls with <paramref name="clock"/>.</summary>
    public ChaosApi(Uri baseAddress, Stopwatch clock, TimeSpan timeout)
    {
        _clock = clock;
        _timeout = timeout;
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Every call recorded so far.</summary>
    public IReadOnlyCollection<ApiCall> Calls => _calls;

    /// <summary>Stops recording further calls (the audit's own reads are not part of the history under test).</summary>
    public bool Recording { get; set; } = true;

    /// <summary>Sends a request; the answer's JSON body (null when none or not JSON) and the recorded call.</summary>
    public async Task<(ApiCall Call, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string? idempotencyKey = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var sent = _clock.Elapsed;
        using var deadline = new CancellationTokenSource(timeout ?? _timeout);
        ApiCall call;
        JsonNode? json = null;
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            json = Parse(text, response.Content.Headers.ContentType);
            var problem = json is JsonObject answer && answer["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? ProblemKind((string)answer["type"]!) : null;
            call = new ApiCall(
                method.Method,
                path,
                idempotencyKey,
                sent,
                _clock.Elapsed,
                (int)response.StatusCode,
                response.Headers.RetryAfter is not null,
                problem,
                OperationIdOf(json));
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
            call = new ApiCall(method.Method, path, idempotencyKey, sent, _clock.Elapsed, 0, false, null, null);
        }

        if (Recording)
        {
            _calls.Enqueue(call);
        }

        return (call, json);
    }

    public void Dispose() => _http.Dispose();

    private static JsonNode? Parse(string text, MediaTypeHeaderValue? contentType)
    {
        if (text.Length == 0 || contentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string ProblemKind(string type)
    {
        var colon = type.LastIndexOf(':');
        return colon >= 0 ? type[(colon + 1)..] : type;
    }

    // Action answers are {operation: {id, ...}, ...}; cancel answers {reason, operation: {...}}.
    private static string? OperationIdOf(JsonNode? json) =>
        json is JsonObject o && o["operation"] is JsonObject operation && operation["id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? (string)operation["id"]!
            : null;
}
