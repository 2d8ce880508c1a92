using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BareMetal.Chaos;

/// <summary>
/// The endpoint the run's webhook subscriptions point at: Kestrel on 127.0.0.1 (a free port), answering every POST
/// 204 and recording what it carried, for <see cref="ChaosWebhookAudit"/>.
/// </summary>
public sealed class ChaosWebhookReceiver : IAsyncDisposable
{
    /// <summary>The secret of every subscription of the run.</summary>
    public const string Secret = "chaos-webhook-secret-0123456789";

    private readonly WebApplication _app;
    private readonly Stopwatch _clock;
    private readonly ConcurrentQueue<ChaosWebhook> _received = new();

    private ChaosWebhookReceiver(WebApplication app, Stopwatch clock)
    {
        _app = app;
        _clock = clock;
    }

    /// <summary>The URL subscriptions deliver to.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Every POST received so far.</summary>
    public IReadOnlyList<ChaosWebhook> Received => [.. _received];

    /// <summary>Starts listening; POSTs are stamped with <paramref name="clock"/>.</summary>
    public static async Task<ChaosWebhookReceiver> StartAsync(Stopwatch clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new ChaosWebhookReceiver(builder.Build(), clock);
        receiver._app.MapPost("/hooks", (Delegate)receiver.ReceiveAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hooks");
        return receiver;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var data = JsonNode.Parse(body)?["data"];
        _received.Enqueue(new ChaosWebhook(
            context.Request.Headers["BareMetal-Event"].ToString(),
            context.Request.Headers["BareMetal-Delivery"].ToString(),
            IsSigned(context.Request.Headers["BareMetal-Signature"].ToString(), body),
            Text(data?["id"]) ?? string.Empty,
            data?["version"]?.GetValueKind() == JsonValueKind.Number ? (long)data["version"]! : null,
            Text(data?["node_id"]),
            Text(data?["status"]),
            Text(data?["provision_state"]),
            Text(data?["power_state"]),
            _clock.Elapsed));
        return Results.NoContent();
    }

    private static string? Text(JsonNode? value) => value?.GetValueKind() == JsonValueKind.String ? (string?)value : null;

    // t=<unix seconds>,v1=<hex of HMAC-SHA256(secret, "t.body")>, as docs/webhooks.md tells receivers to check it.
    private static bool IsSigned(string header, string body)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1))
        {
            return false;
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(v1));
    }
}

/// <summary>One POST the receiver got.</summary>
/// <param name="Event">The BareMetal-Event header.</param>
/// <param name="Delivery">The BareMetal-Delivery header (the same on every attempt of one delivery).</param>
/// <param name="Signed">Whether the signature checked out with <see cref="ChaosWebhookReceiver.Secret"/>.</param>
/// <param name="DataId">The id of the operation or node in <c>data</c>.</param>
/// <param name="Version">The node's version, for node events.</param>
/// <param name="NodeId">The operation's node, for operation events.</param>
/// <param name="Status">The operation's status, for operation events.</param>
/// <param name="ProvisionState">The node's provision state (snake_case), for node events.</param>
/// <param name="PowerState">The node's power state (snake_case), for node events.</param>
/// <param name="At">When it arrived, on the run's clock.</param>
public sealed record ChaosWebhook(
    string Event, string Delivery, bool Signed, string DataId, long? Version, string? NodeId, string? Status, string? ProvisionState, string? PowerState, TimeSpan At);
