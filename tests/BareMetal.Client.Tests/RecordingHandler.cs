using System.Diagnostics;
using System.Net;

namespace BareMetal.Client.Tests;

/// <summary>Records every attempt the client makes on the wire: when, what, the Idempotency-Key and the answer.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<Attempt> _attempts = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IReadOnlyList<Attempt> Attempts
    {
        get
        {
            lock (_attempts)
            {
                return _attempts.ToList();
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sentAt = _clock.Elapsed;
        var response = await base.SendAsync(request, cancellationToken);
        var key = request.Headers.TryGetValues("Idempotency-Key", out var values) ? values.Single() : null;
        lock (_attempts)
        {
            _attempts.Add(new Attempt(sentAt, request.Method.Method, request.RequestUri!.AbsolutePath, key, response.StatusCode, response.Headers.RetryAfter?.Delta));
        }

        return response;
    }

    public sealed record Attempt(TimeSpan SentAt, string Method, string Path, string? IdempotencyKey, HttpStatusCode Status, TimeSpan? RetryAfter);
}
