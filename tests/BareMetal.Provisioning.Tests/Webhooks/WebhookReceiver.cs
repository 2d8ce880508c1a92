using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BareMetal.Provisioning.Tests.Webhooks;

/// <summary>A real HTTP server (Kestrel on 127.0.0.1, a free port) that records the webhook POSTs it gets and fails the first ones of each path.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<IReadOnlyCollection<ReceivedWebhook>, bool> Condition, TaskCompletionSource Done)> _waiters = [];

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The server's base address (http://127.0.0.1:port).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyCollection<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/{**path}", (Delegate)receiver.HandleAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    /// <summary>A new URL on this server whose first <paramref name="failures"/> POSTs are answered 500.</summary>
    public string NewEndpoint(int failures = 0)
    {
        var path = "/hooks/" + Guid.NewGuid().ToString("N");
        _failuresLeft[path] = failures;
        return new Uri(BaseAddress, path).ToString();
    }

    public IReadOnlyList<ReceivedWebhook> ReceivedAt(string url) =>
        [.. _received.Where(r => r.Path == new Uri(url).AbsolutePath)];

    /// <summary>Completes when the POSTs received satisfy <paramref name="condition"/> (signalled by each arrival), or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyCollection<ReceivedWebhook>, bool> condition, TimeSpan timeout, string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (condition(Received))
            {
                return;
            }

            _waiters.Add((condition, done));
        }

        try
        {
            await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds} s; received {_received.Count} POSTs.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? string.Empty;
        var left = _failuresLeft.GetValueOrDefault(path);
        var status = left > 0 ? StatusCodes.Status500InternalServerError : StatusCodes.Status204NoContent;
        if (left > 0)
        {
            _failuresLeft[path] = left - 1;
        }

        var received = new ReceivedWebhook(
            path,
            context.Request.Headers["BareMetal-Event"].ToString(),
            context.Request.Headers["BareMetal-Delivery"].ToString(),
            context.Request.Headers["BareMetal-Signature"].ToString(),
            body,
            status,
            DateTimeOffset.UtcNow);
        List<TaskCompletionSource> satisfied = [];
        lock (_gate)
        {
            _received.Enqueue(received);
            foreach (var waiter in _waiters.ToList())
            {
                if (waiter.Condition(Received))
                {
                    _waiters.Remove(waiter);
                    satisfied.Add(waiter.Done);
                }
            }
        }

        foreach (var done in satisfied)
        {
            done.TrySetResult();
        }

        return Results.StatusCode(status);
    }
}

/// <summary>One POST as the receiver got it, and what it answered.</summary>
public sealed record ReceivedWebhook(string Path, string Event, string Delivery, string Signature, string Body, int AnsweredStatus, DateTimeOffset At);
