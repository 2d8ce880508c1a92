using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BareMetal.Api.Tests.Infrastructure;

/// <summary>A real HTTP endpoint (Kestrel on 127.0.0.1, a free port) that records webhook POSTs and fails the first ones on request.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private int _failuresLeft;

    private WebhookReceiver(int failFirst)
    {
        _failuresLeft = failFirst;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var fail = Interlocked.Decrement(ref _failuresLeft) >= 0;
            await _received.Writer.WriteAsync(new ReceivedWebhook(headers, body, fail ? 500 : 200));
            return fail ? Results.StatusCode(500) : Results.Ok();
        });
    }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var receiver = new WebhookReceiver(failFirst);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address + "/hook");
        return receiver;
    }

    /// <summary>The next POST received, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<ReceivedWebhook> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One POST the receiver got, and the status it answered.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredStatus);
