using System.Text.Json;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Operations;

namespace BareMetal.Provisioning.Tests.Webhooks;

public sealed class WebhookDeliveryTests(WebhookClusterFixture fixture) : IClassFixture<WebhookClusterFixture>
{
    private const string Secret = "subscription-secret-0123456789";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(15);

    private IWebhookRegistryGrain Registry => fixture.GrainFactory.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key);

    [Fact]
    public async Task A_subscription_gets_a_signed_delivery_retried_after_the_receiver_fails_twice()
    {
        var nodeId = Guid.NewGuid().ToString();
        var url = fixture.Receiver.NewEndpoint(failures: 2);
        var subscription = await Registry.Add(new WebhookSubscriptionRequest(url, Secret, [WebhookEventTypes.OperationSucceeded], nodeId));
        var operation = fixture.GrainFactory.GetGrain<IOperationGrain>(OperationIds.New());
        await operation.Create(new OperationRequest(nodeId, OperationAction.PowerOn));
        await operation.MarkRunning(1, "power on");

        var done = await operation.Complete(OperationStatus.Succeeded, "power on", null);
        await fixture.Receiver.WaitForAsync(r => r.Count(x => x.Path == new Uri(url).AbsolutePath) == 3, s_deadline, "three POSTs");

        var posts = fixture.Receiver.ReceivedAt(url);
        Assert.Equal([500, 500, 204], posts.Select(p => p.AnsweredStatus));
        Assert.All(posts, p => Assert.True(WebhookSignatureCheck.IsValid(p.Signature, Secret, p.Body, out _), $"bad signature {p.Signature}"));
        Assert.All(posts, p => Assert.False(WebhookSignatureCheck.IsValid(p.Signature, Secret + "x", p.Body, out _)));
        Assert.Single(posts.Select(p => p.Delivery).Distinct(StringComparer.Ordinal));
        Assert.All(posts, p => Assert.Equal(WebhookEventTypes.OperationSucceeded, p.Event));
        using var body = JsonDocument.Parse(posts[^1].Body);
        Assert.Equal(posts[^1].Delivery, body.RootElement.GetProperty("id").GetString());
        Assert.Equal(WebhookEventTypes.OperationSucceeded, body.RootElement.GetProperty("type").GetString());
        Assert.Equal(done.Id, body.RootElement.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal("succeeded", body.RootElement.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(nodeId, body.RootElement.GetProperty("data").GetProperty("node_id").GetString());

        var recorded = await WaitForAttemptsAsync(operation, 3);
        Assert.Equal([1, 2, 3], recorded.DeliveryAttempts.Select(a => a.AttemptNumber));
        Assert.Equal([false, false, true], recorded.DeliveryAttempts.Select(a => a.Delivered));
        Assert.Equal([500, 500, 204], recorded.DeliveryAttempts.Select(a => a.StatusCode ?? 0));
        Assert.All(recorded.DeliveryAttempts, a => Assert.Equal(subscription.Id, a.Subscriber));

        var history = await WaitForHistoryAsync(subscription.Id, d => d.Delivered);
        Assert.Equal(3, history.Attempts.Count);
        Assert.Equal(posts[0].Delivery, history.Id);
    }

    [Fact]
    public async Task An_operation_callback_is_signed_with_its_own_secret_or_the_default_one()
    {
        var own = fixture.Receiver.NewEndpoint();
        var byDefault = fixture.Receiver.NewEndpoint();
        var withOwn = await CreateAndCancelAsync(new WebhookTarget(own, "callback-secret-0123456789"));
        var withDefault = await CreateAndCancelAsync(new WebhookTarget(byDefault));

        await fixture.Receiver.WaitForAsync(r => r.Any(x => x.Path == new Uri(own).AbsolutePath) && r.Any(x => x.Path == new Uri(byDefault).AbsolutePath), s_deadline, "both callbacks");

        var first = Assert.Single(fixture.Receiver.ReceivedAt(own));
        var second = Assert.Single(fixture.Receiver.ReceivedAt(byDefault));
        Assert.True(WebhookSignatureCheck.IsValid(first.Signature, "callback-secret-0123456789", first.Body, out var signedAt));
        Assert.True(WebhookSignatureCheck.IsValid(second.Signature, WebhookClusterFixture.DefaultSecret, second.Body, out _));
        Assert.InRange(signedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(WebhookEventTypes.OperationCancelled, first.Event);
        Assert.Equal(own, (await withOwn.Get()).CallbackUrl);
        Assert.Single((await WaitForAttemptsAsync(withDefault, 1)).DeliveryAttempts);
    }

    [Fact]
    public async Task A_delivery_that_never_succeeds_is_given_up_after_the_configured_attempts()
    {
        var url = fixture.Receiver.NewEndpoint(failures: 100);
        var operation = await CreateAndCancelAsync(new WebhookTarget(url));

        var recorded = await WaitForAttemptsAsync(operation, 3);
        await Task.Delay(TimeSpan.FromMilliseconds(900));

        Assert.Equal(3, (await operation.Get()).DeliveryAttempts.Count);
        Assert.Equal(3, fixture.Receiver.ReceivedAt(url).Count);
        Assert.All(recorded.DeliveryAttempts, a => Assert.False(a.Delivered));
    }

    [Fact]
    public async Task Node_provision_state_changes_reach_subscribers_of_that_node()
    {
        var url = fixture.Receiver.NewEndpoint();
        var nodeId = Guid.NewGuid().ToString();
        await Registry.Add(new WebhookSubscriptionRequest(url, Secret, [WebhookEventTypes.NodeProvisionStateChanged], nodeId));
        var node = fixture.GrainFactory.GetGrain<INodeGrain>(nodeId);
        await node.Enroll(new NodeEnrollment("hooked-" + nodeId[..8], SimulatedHardwareDriver.DriverName));

        // manage: enroll -> verifying -> manageable, two changes of the provision state.
        await node.Request(ProvisionEvent.Manage, null);
        await fixture.Receiver.WaitForAsync(r => r.Count(x => x.Path == new Uri(url).AbsolutePath) == 2, s_deadline, "two provision events");

        var states = new List<string?>();
        foreach (var post in fixture.Receiver.ReceivedAt(url))
        {
            Assert.Equal(WebhookEventTypes.NodeProvisionStateChanged, post.Event);
            Assert.True(WebhookSignatureCheck.IsValid(post.Signature, Secret, post.Body, out _));
            using var body = JsonDocument.Parse(post.Body);
            Assert.Equal(nodeId, body.RootElement.GetProperty("data").GetProperty("id").GetString());
            states.Add(body.RootElement.GetProperty("data").GetProperty("provision_state").GetString());
        }

        Assert.Equal(["manageable", "verifying"], states.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("not a url", Secret, WebhookEventTypes.OperationFailed, "url")]
    [InlineData("ftp://example.com/hook", Secret, WebhookEventTypes.OperationFailed, "url")]
    [InlineData("http://example.com/hook", "short", WebhookEventTypes.OperationFailed, "secret")]
    [InlineData("http://example.com/hook", Secret, "operation.exploded", "eventTypes")]
    public async Task Bad_subscriptions_are_refused_naming_the_field_and_nothing_is_added(string url, string secret, string eventType, string field)
    {
        var before = await Registry.List();

        var refused = await Assert.ThrowsAnyAsync<ArgumentException>(() => Registry.Add(new WebhookSubscriptionRequest(url, secret, [eventType])));

        Assert.StartsWith(field + " ", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before.Count, (await Registry.List()).Count);
    }

    [Fact]
    public async Task Subscriptions_are_listed_without_secrets_and_can_be_removed()
    {
        var url = fixture.Receiver.NewEndpoint();
        var added = await Registry.Add(new WebhookSubscriptionRequest(url, Secret, [], Description: "all events"));

        var listed = Assert.Single(await Registry.List(), s => s.Id == added.Id);
        Assert.Equal(url, listed.Url);
        Assert.DoesNotContain(Secret, JsonSerializer.Serialize(listed), StringComparison.Ordinal);
        Assert.True(await Registry.Remove(added.Id));
        Assert.False(await Registry.Remove(added.Id));
        Assert.DoesNotContain(await Registry.List(), s => s.Id == added.Id);
    }

    private async Task<IOperationGrain> CreateAndCancelAsync(WebhookTarget callback)
    {
        var operation = fixture.GrainFactory.GetGrain<IOperationGrain>(OperationIds.New());
        await operation.Create(new OperationRequest(Guid.NewGuid().ToString(), OperationAction.Reboot) { Callback = callback });
        await operation.Cancel("changed my mind");
        return operation;
    }

    // Signalled by the operation's own long-poll, not by polling.
    private static async Task<OperationView> WaitForAttemptsAsync(IOperationGrain operation, int count)
    {
        using var deadline = new CancellationTokenSource(s_deadline);
        var view = await operation.Get();
        while (view.DeliveryAttempts.Count < count)
        {
            deadline.Token.ThrowIfCancellationRequested();
            view = await operation.WaitForChange(view.Version, TimeSpan.FromSeconds(5));
        }

        return view;
    }

    // The registry has no change signal: a short poll inside a deadline.
    private async Task<WebhookDeliveryView> WaitForHistoryAsync(string subscriptionId, Func<WebhookDeliveryView, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + s_deadline;
        while (true)
        {
            if ((await Registry.Deliveries(subscriptionId)).FirstOrDefault(condition) is { } delivery)
            {
                return delivery;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Subscription {subscriptionId} has no matching delivery in its history.");
            }

            await Task.Delay(50);
        }
    }
}
