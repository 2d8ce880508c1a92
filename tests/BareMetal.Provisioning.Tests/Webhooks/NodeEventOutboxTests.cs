using System.Text.Json;
using System.Text.Json.Nodes;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;
using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Nodes;
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

        var killedAt = DateTimeOffset.UtcNow;

        await cluster.WaitForMembershipToSettleAsync();
        // A reference made by the killed silo's runtime goes down with it: asked again through a survivor's.
        node = cluster.GrainFactory.GetGrain<INodeGrain>(node.GetPrimaryKeyString());
        await WaitUntilAsync(async () => (await node.Get()).ProvisionState == ProvisionState.Manageable, "the node answering on a surviving silo");
        await receiver.WaitForAsync(r => r.Count(x => x.Path == new Uri(url).AbsolutePath) >= 2, s_deadline, "both provision events from the node's next activation");
        Assert.Equal(["verifying", "manageable"], ProvisionStatesInVersionOrder(receiver.ReceivedAt(url)));
        Assert.All(receiver.ReceivedAt(url), post => Assert.True(WebhookSignatureCheck.IsValid(post.Signature, Secret, post.Body, out _)));
        // Raised late, each still says when its change happened: the write that made it, before the kill.
        Assert.All(receiver.ReceivedAt(url), post =>
        {
            using var body = JsonDocument.Parse(post.Body);
            var createdAt = body.RootElement.GetProperty("created_at").GetDateTimeOffset();
            Assert.Equal(body.RootElement.GetProperty("data").GetProperty("updated_at").GetDateTimeOffset(), createdAt);
            Assert.True(createdAt < killedAt, $"created_at {createdAt:O} is not before the kill at {killedAt:O}");
            Assert.True(post.At > killedAt);
        });
    }

    [Fact]
    public async Task A_node_whose_events_are_not_taken_keeps_the_newest_and_raises_them_once_the_registry_answers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await StartAsync(silos: 1);
        var (node, url) = await EnrollSubscribedAsync(cluster, receiver, WebhookEventTypes.NodePowerStateChanged);
        await node.Request(ProvisionEvent.Manage, null);
        await WaitUntilAsync(async () => (await node.Get()).ProvisionState == ProvisionState.Manageable, "the node manageable");
        await receiver.WaitForAsync(r => r.Any(x => x.Path == new Uri(url).AbsolutePath), s_deadline, "the power event of verifying");
        var before = receiver.ReceivedAt(url).Count;

        // More power changes than a node keeps events for, while the registry fails every match of power events.
        const int Dropped = 6;
        var changes = NodeGrain.PendingEventsCapacity + Dropped;
        var versionAfter = new List<long>();
        using (cluster.Faults.Fail<IWebhookDispatchGrain>(nameof(IWebhookDispatchGrain.Matching), when: (_, eventType) => eventType as string == WebhookEventTypes.NodePowerStateChanged))
        {
            for (var change = 0; change < changes; change++)
            {
                await TogglePowerAsync(cluster, node, change);
                versionAfter.Add((await node.Get()).Version);
            }

            var stored = JsonNode.Parse(await cluster.StoredPayloadAsync(node, "node") ?? throw new InvalidOperationException("no stored node"))!;
            Assert.Equal(NodeGrain.PendingEventsCapacity, stored["PendingEvents"]!.AsArray().Count);
        }

        // The next change's write raises what is kept, oldest first, then itself.
        await TogglePowerAsync(cluster, node, changes);
        var expected = before + NodeGrain.PendingEventsCapacity + 1;
        await receiver.WaitForAsync(r => r.Count(x => x.Path == new Uri(url).AbsolutePath) >= expected, s_deadline, "the kept power events and the last one");
        var versions = receiver.ReceivedAt(url).Skip(before).Select(p => VersionOf(p.Body)).ToList();
        Assert.Equal(NodeGrain.PendingEventsCapacity + 1, versions.Distinct().Count());
        Assert.Equal((await node.Get()).Version, versions.Max());
        // The oldest were dropped: nothing came from the first changes, and the oldest one kept came.
        Assert.True(versions.Min() > versionAfter[Dropped - 1], $"an event of the {Dropped} oldest changes came (version {versions.Min()})");
        Assert.True(versions.Min() <= versionAfter[Dropped], "the oldest change kept did not come");
    }

    private static Task<ProvisioningTestCluster> StartAsync(int silos) => ProvisioningTestCluster.StartAsync(
        silos,
        configureServices: services => services
            .AddNodeProvisioning()
            .AddSimulatedDrivers(o => o.PowerLatency = TimeSpan.FromMilliseconds(5))
            .AddFleetServices(configureWebhooks: o => o.ReminderPeriod = TimeSpan.FromSeconds(1)));

    private static async Task<(INodeGrain Node, string Url)> EnrollSubscribedAsync(ProvisioningTestCluster cluster, WebhookReceiver receiver, string eventType = WebhookEventTypes.NodeProvisionStateChanged)
    {
        var url = receiver.NewEndpoint();
        var nodeId = Guid.NewGuid().ToString();
        await cluster.GrainFactory.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key)
            .Add(new WebhookSubscriptionRequest(url, Secret, [eventType], nodeId));
        var node = cluster.GrainFactory.GetGrain<INodeGrain>(nodeId);
        await node.Enroll(new NodeEnrollment("evented-" + nodeId[..8], SimulatedHardwareDriver.DriverName));
        return (node, url);
    }

    private static async Task TogglePowerAsync(ProvisioningTestCluster cluster, INodeGrain node, int change)
    {
        var accepted = await node.Accept(new NodeActionRequest(change % 2 == 0 ? OperationAction.PowerOn : OperationAction.PowerOff));
        var ended = await cluster.GrainFactory.WaitForOperationAsync(accepted.Operation.Id, o => o.Status.IsTerminal(), $"power change {change}");
        Assert.Equal(OperationStatus.Succeeded, ended.Status);
    }

    private static long VersionOf(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("data").GetProperty("version").GetInt64();
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
