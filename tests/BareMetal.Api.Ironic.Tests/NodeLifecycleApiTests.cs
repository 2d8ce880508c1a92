using System.Net;
using System.Text.Json.Nodes;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>Provision and power verbs over raw HTTP, beyond what the CLI test walks through.</summary>
public sealed class NodeLifecycleApiTests(IronicHost host) : IClassFixture<IronicHost>
{
    [Fact]
    public async Task Nodes_created_before_1_11_walk_to_available_as_in_old_ironic()
    {
        using var response = await host.SendAsync(HttpMethod.Post, "/v1/nodes", version: null, body: new JsonObject { ["driver"] = "fake-hardware" });
        var uuid = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["uuid"]!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await host.WaitForProvisionStateAsync(uuid, "available");
        var old = await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{uuid}", HttpStatusCode.OK, version: "1.1");
        // Before 1.2 "available" reads as null (Ironic's NOSTATE).
        Assert.Null(old["provision_state"]);
    }

    [Fact]
    public async Task Manual_clean_with_steps_returns_to_manageable_and_needs_steps()
    {
        var uuid = await ManageableNodeAsync();

        using var noSteps = await Provision(uuid, "clean");
        await IronicErrors.ReadAsync(noSteps, HttpStatusCode.BadRequest);
        using var badSteps = await Provision(uuid, "clean", new JsonObject { ["clean_steps"] = new JsonArray(new JsonObject { ["step"] = "erase_devices" }) });
        Assert.Contains("interface", (await IronicErrors.ReadAsync(badSteps, HttpStatusCode.BadRequest)).FaultString, StringComparison.Ordinal);
        using var clean = await Provision(uuid, "clean", new JsonObject
        {
            ["clean_steps"] = new JsonArray(new JsonObject { ["interface"] = "deploy", ["step"] = "erase_devices" }),
        });

        Assert.Equal(HttpStatusCode.Accepted, clean.StatusCode);
        await host.WaitForProvisionStateAsync(uuid, "manageable");
        var history = await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{uuid}/history", HttpStatusCode.OK);
        Assert.Contains(history["history"]!.AsArray(), e => ((string?)e!["event"])?.Contains("cleaning", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Adopt_takes_a_manageable_node_to_active_without_deploying_and_is_refused_once_active()
    {
        var uuid = await ManageableNodeAsync();

        using var adopt = await Provision(uuid, "adopt");
        Assert.Equal(HttpStatusCode.Accepted, adopt.StatusCode);
        var active = await host.WaitForProvisionStateAsync(uuid, "active");
        Assert.Equal("power off", (string?)active["power_state"]);
        var history = await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{uuid}/history", HttpStatusCode.OK);
        Assert.Contains(history["history"]!.AsArray(), e => ((string?)e!["event"])?.Contains("adopting", StringComparison.Ordinal) == true);

        using var again = await Provision(uuid, "adopt");
        Assert.Contains("adopt", (await IronicErrors.ReadAsync(again, HttpStatusCode.BadRequest)).FaultString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_rebuild_and_undeploy_follow_ironic_states_and_maintenance_blocks_deploy()
    {
        var uuid = await ManageableNodeAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await Provision(uuid, "provide")).StatusCode);
        await host.WaitForProvisionStateAsync(uuid, "available");

        using var maintenance = await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/maintenance", body: new JsonObject { ["reason"] = "cabling" });
        Assert.Equal(HttpStatusCode.Accepted, maintenance.StatusCode);
        using var blocked = await Provision(uuid, "active");
        Assert.Contains("maintenance", (await IronicErrors.ReadAsync(blocked, HttpStatusCode.BadRequest)).FaultString, StringComparison.Ordinal);
        using var cleared = await host.SendAsync(HttpMethod.Delete, $"/v1/nodes/{uuid}/maintenance");
        Assert.Equal(HttpStatusCode.Accepted, cleared.StatusCode);

        using var deploy = await Provision(uuid, "deploy", new JsonObject { ["configdrive"] = new JsonObject { ["meta_data"] = new JsonObject { ["hostname"] = "h1" } } });
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.WaitForProvisionStateAsync(uuid, "active");
        using var rebuild = await Provision(uuid, "rebuild");
        Assert.Equal(HttpStatusCode.Accepted, rebuild.StatusCode);
        await host.WaitForProvisionStateAsync(uuid, "active");
        using var undeploy = await Provision(uuid, "deleted");
        Assert.Equal(HttpStatusCode.Accepted, undeploy.StatusCode);
        var node = await host.WaitForProvisionStateAsync(uuid, "available");
        Assert.Null(node["reservation"]);

        using var configDriveOnManage = await Provision(uuid, "manage", new JsonObject { ["configdrive"] = "abc" });
        await IronicErrors.ReadAsync(configDriveOnManage, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Concurrent_power_requests_on_one_node_are_queued_never_409()
    {
        var uuid = await ManageableNodeAsync();
        const int requests = 16;

        var answers = await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            using var response = await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/power", body: new JsonObject
            {
                ["target"] = i % 2 == 0 ? "power on" : "power off",
            });
            return response.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Accepted, status));
        // The order in which the requests reach the node is up to the network, so only the end is checked.
        var node = await host.WaitForNodeAsync(uuid, n => n["target_power_state"] is null && n["reservation"] is null);
        Assert.Contains((string?)node["power_state"], new[] { "power on", "power off" });
    }

    [Fact]
    public async Task Soft_power_off_needs_1_27_and_enroll_nodes_refuse_power()
    {
        var enrolled = await host.CreateNodeAsync();
        using var enrollPower = await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{enrolled}/states/power", body: new JsonObject { ["target"] = "power on" });
        Assert.Contains("enroll", (await IronicErrors.ReadAsync(enrollPower, HttpStatusCode.BadRequest)).FaultString, StringComparison.Ordinal);

        var uuid = await ManageableNodeAsync();
        using var old = await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/power", "1.26", new JsonObject { ["target"] = "soft power off" });
        await IronicErrors.ReadAsync(old, HttpStatusCode.NotAcceptable);
        using var on = await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/power", body: new JsonObject { ["target"] = "power on", ["timeout"] = 30 });
        Assert.Equal(HttpStatusCode.Accepted, on.StatusCode);
        await host.WaitForNodeAsync(uuid, n => (string?)n["power_state"] == "power on" && n["target_power_state"] is null);
        using var soft = await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/power", body: new JsonObject { ["target"] = "soft power off" });
        Assert.Equal(HttpStatusCode.Accepted, soft.StatusCode);
        await host.WaitForNodeAsync(uuid, n => (string?)n["power_state"] == "power off" && n["target_power_state"] is null);
    }

    [Fact]
    public async Task Delete_is_refused_while_active_and_allowed_once_available()
    {
        var uuid = await ManageableNodeAsync();
        await host.JsonAsync(HttpMethod.Post, "/v1/ports", HttpStatusCode.Created, body: new JsonObject { ["address"] = NodeApiTests.RandomMac(), ["node_uuid"] = uuid });
        Assert.Equal(HttpStatusCode.Accepted, (await Provision(uuid, "provide")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Provision(uuid, "active")).StatusCode);
        await host.WaitForProvisionStateAsync(uuid, "active");

        using var refused = await host.SendAsync(HttpMethod.Delete, $"/v1/nodes/{uuid}");
        Assert.Contains("active", (await IronicErrors.ReadAsync(refused, HttpStatusCode.BadRequest)).FaultString, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, (await Provision(uuid, "undeploy")).StatusCode);
        await host.WaitForProvisionStateAsync(uuid, "available");
        using var deleted = await host.SendAsync(HttpMethod.Delete, $"/v1/nodes/{uuid}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var ports = await host.JsonAsync(HttpMethod.Get, "/v1/ports/detail", HttpStatusCode.OK);
        Assert.DoesNotContain(ports["ports"]!.AsArray(), p => (string?)p!["node_uuid"] == uuid);
    }

    private async Task<string> ManageableNodeAsync()
    {
        var uuid = await host.CreateNodeAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await Provision(uuid, "manage")).StatusCode);
        await host.WaitForProvisionStateAsync(uuid, "manageable");
        return uuid;
    }

    private async Task<HttpResponseMessage> Provision(string uuid, string target, JsonObject? extra = null)
    {
        var body = extra ?? [];
        body["target"] = target;
        return await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/provision", body: body);
    }
}
