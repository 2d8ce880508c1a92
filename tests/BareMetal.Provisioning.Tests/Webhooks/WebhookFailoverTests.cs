using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;
using BareMetal.Hosting;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.Webhooks;
using BareMetal.Runtime;
using BareMetal.Runtime.Testing;

namespace BareMetal.Provisioning.Tests.Webhooks;

public sealed class WebhookFailoverTests
{
    private const string Secret = "failover-secret-0123456789";

    [Fact]
    public async Task A_delivery_pending_on_a_killed_silo_is_delivered_from_the_other_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var options = new InProcessTestClusterOptions
        {
            InitialSilos = 2,
            ConfigureSilo = silo => silo.Services.AddFleetServices(configureWebhooks: o =>
            {
                // Long enough that the retry is still waiting when the silo is killed; the reminder resumes it.
                o.FirstRetryDelay = TimeSpan.FromSeconds(3);
                o.ReminderPeriod = TimeSpan.FromMilliseconds(500);
            }),
        };
        options.Settings["BareMetal:Reminders:RefreshReminderListPeriod"] = "00:00:00.500";
        await using var cluster = await InProcessTestCluster.StartAsync(options);
        var url = receiver.NewEndpoint(failures: 1);
        var path = new Uri(url).AbsolutePath;
        var operationId = OperationIds.New();
        var operation = cluster.GrainFactory.GetGrain<IOperationGrain>(operationId);
        await operation.Create(new OperationRequest("node-failover", OperationAction.Reboot) { Callback = new WebhookTarget(url, Secret) });

        await operation.Cancel("not needed");
        await receiver.WaitForAsync(r => r.Any(x => x.Path == path), TimeSpan.FromSeconds(10), "the first (failed) POST");
        var deliveryId = WebhookDeliveries.Id($"{operationId}/{WebhookEventTypes.OperationCancelled}", new WebhookEndpoint(url, Secret, null));
        var delivery = cluster.GrainFactory.GetGrain<IWebhookDeliveryGrain>(deliveryId);
        var registration = await cluster.Directory.LookupAsync(delivery.GetGrainId(), CancellationToken.None);
        Assert.NotNull(registration);
        var host = cluster.Silos.Single(s => s.SiloAddress == registration.Silo);
        await cluster.KillSiloAsync(host);
        var killedAt = DateTimeOffset.UtcNow;
        Assert.Equal([500], receiver.ReceivedAt(url).Select(p => p.AnsweredStatus));

        await receiver.WaitForAsync(r => r.Any(x => x.Path == path && x.AnsweredStatus == 204), TimeSpan.FromSeconds(30), "the delivery after the kill");

        var posts = receiver.ReceivedAt(url);
        var delivered = posts.Single(p => p.AnsweredStatus == 204);
        Assert.True(delivered.At > killedAt);
        Assert.Equal(deliveryId, delivered.Delivery);
        Assert.True(WebhookSignatureCheck.IsValid(delivered.Signature, Secret, delivered.Body, out _));
        var view = await cluster.GrainFactory.GetGrain<IWebhookDeliveryGrain>(deliveryId).Get();
        Assert.True(view!.Delivered);
        Assert.Equal(posts.Count, view.Attempts.Count);
    }
}
