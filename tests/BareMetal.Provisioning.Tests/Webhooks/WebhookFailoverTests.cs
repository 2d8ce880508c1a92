using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;
using BareMetal.Hosting;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.Webhooks;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Webhooks;

public sealed class WebhookFailoverTests
{
    private const string Secret = "failover-secret-0123456789";

    [Fact]
    public async Task A_delivery_pending_on_a_killed_silo_is_delivered_from_the_other_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await ProvisioningTestCluster.StartAsync(
            // Three so that the survivors form a majority that declares the killed silo dead quickly.
            silos: 3,
            configureServices: services => services.AddFleetServices(configureWebhooks: o =>
            {
                // Long enough that the retry is still waiting when the silo is killed; the reminder resumes it.
                o.FirstRetryDelay = TimeSpan.FromSeconds(3);
                o.ReminderPeriod = TimeSpan.FromMilliseconds(500);
            }),
            settings: new Dictionary<string, string?> { ["BareMetal:Reminders:RefreshReminderListPeriod"] = "00:00:00.500" });
        var url = receiver.NewEndpoint(failures: 1);
        var path = new Uri(url).AbsolutePath;
        var operationId = OperationIds.New();
        var operation = cluster.GrainFactory.GetGrain<IOperationGrain>(operationId);
        await operation.Create(new OperationRequest("node-failover", OperationAction.Reboot) { Callback = new WebhookTarget(url, Secret) });

        await operation.Cancel("not needed");
        await receiver.WaitForAsync(r => r.Any(x => x.Path == path), TimeSpan.FromSeconds(10), "the first (failed) POST");
        var deliveryId = WebhookDeliveries.Id($"{operationId}/{WebhookEventTypes.OperationCancelled}", new WebhookEndpoint(url, Secret, null));
        var delivery = cluster.GrainFactory.GetGrain<IWebhookDeliveryGrain>(deliveryId);
        // The receiver sees the POST before the delivery records its answer (that record is written after the turn);
        // killing before it would lose the first attempt's history line along with the silo.
        await WaitForViewAsync(cluster, deliveryId, v => v.Attempts.Count == 1, "the first attempt recorded");
        Assert.True(await cluster.KillSiloHostingAsync(delivery), "the delivery has no activation");
        var killedAt = DateTimeOffset.UtcNow;
        Assert.Equal([500], receiver.ReceivedAt(url).Select(p => p.AnsweredStatus));

        await receiver.WaitForAsync(r => r.Any(x => x.Path == path && x.AnsweredStatus == 204), TimeSpan.FromSeconds(30), "the delivery after the kill");
        await cluster.WaitForMembershipToSettleAsync();

        var posts = receiver.ReceivedAt(url);
        var delivered = posts.Single(p => p.AnsweredStatus == 204);
        Assert.True(delivered.At > killedAt);
        Assert.Equal(deliveryId, delivered.Delivery);
        Assert.True(WebhookSignatureCheck.IsValid(delivered.Signature, Secret, delivered.Body, out _));
        var view = await WaitForViewAsync(cluster, deliveryId, v => v.Delivered, "recorded as delivered");
        Assert.Equal(new int?[] { 500, 204 }, view.Attempts.Select(a => a.StatusCode));
        Assert.False(view.Attempts[0].Delivered);
        Assert.True(view.Attempts[^1].Delivered);
    }

    // The receiver sees the POST before the delivery records its answer, and the cluster may still be settling after
    // the kill: a short poll inside a deadline (the delivery has no change signal).
    private static async Task<WebhookDeliveryView> WaitForViewAsync(
        ProvisioningTestCluster cluster, string deliveryId, Func<WebhookDeliveryView, bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                if (await cluster.GrainFactory.GetGrain<IWebhookDeliveryGrain>(deliveryId).Get() is { } view && condition(view))
                {
                    return view;
                }
            }
            catch (SiloUnavailableException) when (DateTimeOffset.UtcNow < deadline)
            {
                // Membership still changing after the kill.
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"delivery {deliveryId}: not {what} in time");
            await Task.Delay(100);
        }
    }
}
