using System.Text.Json;
using System.Text.Json.Nodes;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Webhooks;
using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Tests.Infrastructure;
using BareMetal.Provisioning.Webhooks;

namespace BareMetal.Provisioning.Tests.Webhooks;

/// <summary>
/// A node's webhook events are stored with the write that changed the node and raised from its outbox: when the
/// webhook registry cannot be asked (its silo died), the event is raised again later, by the same activation or by
/// the node's next one on another silo, once per change and with the view that change left.
/// </summary>
public sealed class NodeEventOutboxTests
{
    private const string Secret = "subscription-secret-0123456789";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Events_the_registry_failed_to_match_are_raised_again_once_each_with_every_intermediate_state()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await StartAsync(silos: 1);
        var (node, url) = await EnrollSubscribedAsync(cluster, receiver);

        // The registry fails the first two matches of provision events, as a registry whose silo just died does.
        using (var fault = cluster.Faults.Fail<IWebhookDispatchGrain>(nameof(IWebhookDispatchGrain.Matching), times: 2, when: (_, eventType) => eventType as string == WebhookEventTypes.NodeProvisionStateChanged))
        {
            // manage: enroll -> verifying -> manageable, two changes of the provision state.
            await node.Request(ProvisionEvent.Manage, null);
            await receiver.WaitForAsync(r => r.Count(x => x.Path == new Uri(url).AbsolutePath) >= 2, s_deadline, "both provision events after the registry failed twice");
            Assert.Equal(2, fault.Hits);
        }

        // provide: manageable -> cleaning -> available; then every event of both actions is there once, in version order.
        await node.Request(ProvisionEvent.Provide, null);
        await receiver.WaitForAsync(r => r.Count(x => x.Path == new Uri(url).AbsolutePath) >= 4, s_deadline, "the provide's two provision events");
        Assert.Equal(["verifying", "manageable", "cleaning", "available"], ProvisionStatesInVersionOrder(receiver.ReceivedAt(url)));
    }

    [Fact]
    public async Task Events_a_killed_silo_could_not_raise_are_raised_by_the_nodes_next_activation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Three so that the survivors form a majority that declares the killed silo dead quickly.
        await using var cluster = await StartAsync(silos: 3);
        var (node, url) = await EnrollSubscribedAsync(cluster, receiver);

        using (var fault = cluster.Faults.Fail<IWebhookDispatchGrain>(nameof(IWebhookDispatchGrain.Matching), when: (_, eventType) => eventType as string == WebhookEventTypes.NodeProvisionStateChanged))
        {
            await node.Request(ProvisionEvent.Manage, null);
            await WaitUntilAsync(async () => (await node.Get()).ProvisionState == ProvisionState.Manageable && fault.Hits > 0, "the node manageable, its events not raised");

            // Both events were written with the changes that made them (beside the power event verifying raised).
            var stored = JsonNode.Parse(await cluster.StoredPayloadAsync(node, "node") ?? throw new InvalidOperationException("no stored node"))!;
            Assert.Equal(2, stored["PendingEvents"]!.AsArray().Count(e => (string?)e!["EventType"] == WebhookEventTypes.NodeProvisionStateChanged));

            // The node's silo dies with its retry timer; the registry answers again.
            Assert.True(await cluster.KillSiloHostingAsync(node));
        }

        await cluster.WaitForMembershipToSettleAsync();
        // A reference made by the killed silo's runtime goes down with it: asked again through a survivor's.
        node = cluster.GrainFactory.GetGrain<INodeGrain>(node.GetPrimaryKeyString());
        await WaitUntilAsync(async () => (await node.Get()).ProvisionState == ProvisionState.Manageable, "the node answering on a surviving silo");
        await receiver.WaitForAsync(r => r.Count(x => x.Path == new Uri(url).AbsolutePath) >= 2, s_deadline, "both provision events from the node's next activation");
        Assert.Equal(["verifying", "manageable"], ProvisionStatesInVersionOrder(receiver.ReceivedAt(url)));
        Assert.All(receiver.ReceivedAt(url), post => Assert.True(WebhookSignatureCheck.IsValid(post.Signature, Secret, post.Body, out _)));
    }

    private static Task<ProvisioningTestCluster> StartAsync(int silos) => ProvisioningTestCluster.StartAsync(
        silos,
        configureServices: services => services
            .AddNodeProvisioning()
            .AddSimulatedDrivers(o => o.PowerLatency = TimeSpan.FromMilliseconds(5))
            .AddFleetServices(configureWebhooks: o => o.ReminderPeriod = TimeSpan.FromSeconds(1)));

    private static async Task<(INodeGrain Node, string Url)> EnrollSubscribedAsync(ProvisioningTestCluster cluster, WebhookReceiver receiver)
    {
        var url = receiver.NewEndpoint();
        var nodeId = Guid.NewGuid().ToString();
        await cluster.GrainFactory.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key)
            .Add(new WebhookSubscriptionRequest(url, Secret, [WebhookEventTypes.NodeProvisionStateChanged], nodeId));
        var node = cluster.GrainFactory.GetGrain<INodeGrain>(nodeId);
        await node.Enroll(new NodeEnrollment("evented-" + nodeId[..8], SimulatedHardwareDriver.DriverName));
        return (node, url);
    }

    // Deliveries are separate grains, so posts may arrive in any order; the view's version orders the changes.
    private static List<string?> ProvisionStatesInVersionOrder(IReadOnlyList<ReceivedWebhook> posts)
    {
        var changes = new List<(long Version, string? State)>();
        foreach (var post in posts)
        {
            Assert.Equal(WebhookEventTypes.NodeProvisionStateChanged, post.Event);
            using var body = JsonDocument.Parse(post.Body);
            var data = body.RootElement.GetProperty("data");
            changes.Add((data.GetProperty("version").GetInt64(), data.GetProperty("provision_state").GetString()));
        }

        return [.. changes.OrderBy(c => c.Version).Select(c => c.State)];
    }

    // The node is asked again until the condition holds; a call that lands while its silo is being declared dead fails
    // and is asked again.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + s_deadline;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception exception)
            {
                last = exception;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{what} did not happen within {s_deadline.TotalSeconds} s; last failure: {last}");
            await Task.Delay(50);
        }
    }
}
