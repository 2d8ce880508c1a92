using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;

namespace BareMetal.Api.Tests;

/// <summary>Webhook subscriptions through the API, and signed deliveries retried after failures.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class WebhookTests(ApiHostFixture fixture)
{
    private const string Secret = "webhook-secret-0123456789";

    [Fact]
    public async Task A_subscription_receives_a_signed_event_retried_after_the_receiver_fails_twice()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        using var client = fixture.Host.Client(ApiHostFixture.OperatorKey);
        var nodeId = await client.CreateNodeAsync("hook");
        using var created = await client.PostAsync("api/webhooks", ApiCalls.Json(new { url = receiver.Url.ToString(), secret = Secret, eventTypes = new[] { "operation.succeeded" }, nodeId }));
        var subscription = await created.ReadJsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, subscription.ToJsonString());
        Assert.Null(subscription["secret"]);
        var subscriptionId = (string)subscription["id"]!;

        var operationId = await client.ActAsync(nodeId, "manage");
        var attempts = new List<ReceivedWebhook>();
        for (var i = 0; i < 3; i++)
        {
            attempts.Add(await receiver.NextAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal([500, 500, 200], attempts.Select(a => a.AnsweredStatus));
        Assert.Single(attempts.Select(a => a.Headers["BareMetal-Delivery"]).Distinct());
        var delivered = attempts[^1];
        Assert.Equal("operation.succeeded", delivered.Headers["BareMetal-Event"]);
        Assert.Contains(operationId, delivered.Body, StringComparison.Ordinal);
        AssertSigned(delivered);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonArray deliveries;
        do
        {
            deliveries = (await client.GetFromJsonAsync<JsonArray>($"api/webhooks/{subscriptionId}/deliveries"))!;
            if (deliveries.Count == 1 && (bool)deliveries[0]!["delivered"]!)
            {
                break;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        var delivery = Assert.Single(deliveries);
        Assert.True((bool)delivery!["delivered"]!);
        Assert.Equal(3, delivery["attempts"]!.AsArray().Count);
    }

    [Fact]
    public async Task Subscriptions_are_listed_and_only_an_admin_deletes_them()
    {
        using var operatorClient = fixture.Host.Client(ApiHostFixture.OperatorKey);
        using var created = await operatorClient.PostAsync("api/webhooks", ApiCalls.Json(new { url = "http://127.0.0.1:9/never", secret = Secret }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.ReadJsonAsync())["id"]!;
        Assert.Equal($"/api/webhooks/{id}", created.Headers.Location?.OriginalString);

        var listed = await operatorClient.GetFromJsonAsync<JsonArray>("api/webhooks");
        Assert.Contains(listed!, s => (string?)s!["id"] == id);
        Assert.DoesNotContain(Secret, listed!.ToJsonString(), StringComparison.Ordinal);

        using var refused = await operatorClient.DeleteAsync($"api/webhooks/{id}");
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden);

        using var admin = fixture.Host.Client(ApiHostFixture.AdminKey);
        using var deleted = await admin.DeleteAsync($"api/webhooks/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var again = await admin.DeleteAsync($"api/webhooks/{id}");
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static void AssertSigned(ReceivedWebhook webhook)
    {
        var parts = webhook.Headers["BareMetal-Signature"].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var timestamp = long.Parse(parts["t"], CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp, -5, 120);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(parts["t"] + "." + webhook.Body)));
        Assert.Equal(expected, parts["v1"]);
    }
}

/// <summary>A delivery pending when its silo crashes is made after the silo restarts.</summary>
public sealed class WebhookCrashTests
{
    private const string Secret = "webhook-secret-0123456789";

    [Fact]
    public async Task A_delivery_pending_when_the_silo_is_killed_is_delivered_after_it_restarts()
    {
        var data = Path.Combine(Path.GetTempPath(), "baremetal-api-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var settings = new Dictionary<string, string>
        {
            // The retry after the first failure is far off, so only the durable reminder can bring it about after the crash.
            ["BareMetal:Webhooks:FirstRetryDelay"] = "00:00:02",
            ["BareMetal:Webhooks:ReminderPeriod"] = "00:00:01",
            ["BareMetal:Reminders:MinimumReminderPeriod"] = "00:00:00.200",
        };
        try
        {
            await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
            string operationId;
            ReceivedWebhook failed;
            await using (var host = await HostProcess.StartReadyAsync(settings, data))
            {
                using var client = host.Client();
                var nodeId = await client.CreateNodeAsync("crash-hook");
                using var created = await client.PostAsync("api/webhooks", ApiCalls.Json(new { url = receiver.Url.ToString(), secret = Secret, eventTypes = new[] { "operation.succeeded" }, nodeId }));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                operationId = await client.ActAsync(nodeId, "manage");
                failed = await receiver.NextAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(500, failed.AnsweredStatus);
            }

            // Disposing killed the process (SIGKILL) with the delivery's retry pending.
            await using var restarted = await HostProcess.StartReadyAsync(settings, data);
            var delivered = await receiver.NextAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(200, delivered.AnsweredStatus);
            Assert.Contains(operationId, delivered.Body, StringComparison.Ordinal);
            Assert.Equal(failed.Headers["BareMetal-Delivery"], delivered.Headers["BareMetal-Delivery"]);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
