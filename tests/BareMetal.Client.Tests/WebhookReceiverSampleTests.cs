using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BareMetal.Contracts.Webhooks;
using BareMetal.Samples.WebhookReceiver;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Client.Tests;

/// <summary>The webhook receiver sample, run in-process, against real deliveries signed by the host.</summary>
public sealed class WebhookReceiverSampleTests(HostFixture fixture) : IClassFixture<HostFixture>, IAsyncLifetime
{
    private const string Secret = "sample-secret-0123456789";
    private WebApplication _receiver = null!;

    private Uri ReceiverUrl => new(_receiver.Urls.Single().TrimEnd('/') + WebhookReceiverApp.Path);

    public async Task InitializeAsync()
    {
        _receiver = WebhookReceiverApp.Build(["--urls", "http://127.0.0.1:0", "--Webhook:Secret=" + Secret, "--Logging:LogLevel:Default=Warning"]);
        await _receiver.StartAsync();
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task The_sample_verifies_and_accepts_a_real_signed_delivery_from_the_host()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.EnrollAsync(client);
        var subscription = await client.Webhooks.CreateAsync(new WebhookSubscriptionRequest(ReceiverUrl.ToString(), Secret, [WebhookEventTypes.OperationSucceeded], node.Id, "sample test"));

        var manage = await client.Nodes.ManageAsync(node.Id);
        await manage.WaitAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var delivery = await _receiver.Services.GetRequiredService<DeliveryLog>().Received.ReadAsync(deadline.Token);

        Assert.Equal(WebhookEventTypes.OperationSucceeded, delivery.Type);
        Assert.Contains(manage.Id, delivery.Data.GetRawText(), StringComparison.Ordinal);
        // The envelope is read whole: created_at is the operation's end.
        Assert.Equal(delivery.Data.GetProperty("ended_at").GetDateTimeOffset(), delivery.CreatedAt);
        Assert.Equal(subscription.Id, (await client.Webhooks.GetAsync(subscription.Id)).Id);
        Assert.Contains(await client.Webhooks.ListAsync(), s => s.Id == subscription.Id);
        Assert.Contains(await DeliveredAsync(client, subscription.Id, deadline.Token), d => d.Delivered && d.EventType == WebhookEventTypes.OperationSucceeded);
        await client.Webhooks.DeleteAsync(subscription.Id);
        await Assert.ThrowsAsync<BareMetalNotFoundException>(() => client.Webhooks.GetAsync(subscription.Id));
    }

    [Fact]
    public async Task The_sample_refuses_a_wrong_secret_a_tampered_body_and_an_old_signature()
    {
        using var http = new HttpClient();
        const string body = """{"id":"d1","type":"operation.succeeded","created_at":"2026-01-01T00:00:00Z","data":{}}""";
        var now = DateTimeOffset.UtcNow;

        var wrongSecret = await PostAsync(http, body, Sign("another-secret-0123456789", now, body));
        var tampered = await PostAsync(http, body.Replace("d1", "d2", StringComparison.Ordinal), Sign(Secret, now, body));
        var old = await PostAsync(http, body, Sign(Secret, now.AddMinutes(-10), body));
        var unsigned = await PostAsync(http, body, null);
        var good = await PostAsync(http, body, Sign(Secret, now, body));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, old);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned);
        Assert.Equal(HttpStatusCode.NoContent, good);
    }

    // The host records the delivery's answer after the receiver has it; no signal exists for that but the list itself.
    private static async Task<IReadOnlyList<WebhookDeliveryView>> DeliveredAsync(BareMetalClient client, string subscriptionId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var deliveries = await client.Webhooks.DeliveriesAsync(subscriptionId, cancellationToken);
            if (deliveries.Any(d => d.Delivered))
            {
                return deliveries;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private async Task<HttpStatusCode> PostAsync(HttpClient http, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ReceiverUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add(WebhookSignatureVerifier.HeaderName, signature);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static string Sign(string secret, DateTimeOffset at, string body)
    {
        var seconds = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={seconds},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(seconds + "." + body)))}";
    }
}
