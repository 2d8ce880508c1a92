using System.Text.Json.Nodes;
using BareMetal.TestInfrastructure.Redfish;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>
/// Redfish nodes end to end: the real <c>baremetal</c> CLI (and, where only the outcome matters, plain HTTP) drives the
/// Ironic API of a host whose silo talks Redfish to a BMC fixture on loopback. Each test has its own BMC.
/// </summary>
public sealed class RedfishNodeTests(RedfishIronicHost host) : IClassFixture<RedfishIronicHost>
{
    private readonly BaremetalCli _cli = new(host.BaseAddress);

    [Fact]
    public async Task The_cli_manages_powers_and_reboots_a_redfish_node_without_ever_showing_its_password()
    {
        await using var bmc = new RedfishService();
        await bmc.StartAsync();

        var (uuid, name) = await RedfishNodeCli.EnrollAsync(_cli, bmc);
        var shown = await _cli.JsonAsync("node", "show", name);
        Assert.Equal("redfish", (string?)shown["driver"]);
        Assert.Equal("redfish", (string?)shown["power_interface"]);
        Assert.Equal("******", (string?)shown["driver_info"]!["redfish_password"]);
        Assert.Equal(bmc.Username, (string?)shown["driver_info"]!["redfish_username"]);

        await _cli.RunAsync("node", "manage", name);
        var managed = await host.WaitForProvisionStateAsync(uuid, "manageable");
        Assert.Equal("power off", (string?)managed["power_state"]);

        await _cli.RunAsync("node", "power", "on", name);
        await host.WaitForNodeAsync(uuid, n => (string?)n["power_state"] == "power on" && n["target_power_state"] is null, "power on");
        Assert.Equal("On", bmc.System.PowerState);

        await _cli.RunAsync("node", "reboot", name);
        await host.WaitForNodeAsync(uuid, n => bmc.System.Resets.Contains("ForceRestart") && n["target_power_state"] is null, "reboot");
        Assert.Equal("On", bmc.System.PowerState);

        await _cli.RunAsync("node", "power", "off", name);
        await host.WaitForNodeAsync(uuid, n => (string?)n["power_state"] == "power off" && n["target_power_state"] is null, "power off");
        Assert.Equal(["On", "ForceRestart", "ForceOff"], bmc.System.Resets);

        var everything = await host.TextAsync($"/v1/nodes/{uuid}") + await host.TextAsync($"/v1/nodes/{uuid}/history?detail=true")
            + await host.TextAsync($"/v1/nodes/detail");
        Assert.DoesNotContain(bmc.Password, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploying_a_redfish_node_boots_it_from_the_network_and_powers_it_on()
    {
        await using var bmc = new RedfishService { RequireIfMatch = true };
        await bmc.StartAsync();
        var uuid = await host.EnrollAndManageAsync(bmc);
        await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = "provide" }, System.Net.HttpStatusCode.Accepted);
        await host.WaitForProvisionStateAsync(uuid, "available");

        await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = "active" }, System.Net.HttpStatusCode.Accepted);

        var shown = await host.WaitForProvisionStateAsync(uuid, "active");
        Assert.Equal("power on", (string?)shown["power_state"]);
        // The deploy ramdisk is booted from the network: the first boot override of the deploy is PXE, once.
        Assert.Equal(("Pxe", "Once"), bmc.System.BootChanges[0]);
        Assert.Equal("On", bmc.System.PowerState);
    }

    [Fact]
    public async Task Power_sync_records_a_power_change_made_behind_its_back()
    {
        await using var bmc = new RedfishService();
        await bmc.StartAsync();
        var uuid = await host.EnrollAndManageAsync(bmc);

        bmc.System.PowerState = "On";

        await host.WaitForNodeAsync(uuid, n => (string?)n["power_state"] == "power on", "power sync seeing the change");
        var history = await host.TextAsync($"/v1/nodes/{uuid}/history");
        Assert.Contains("power drift: recorded power off, hardware power on; hardware state accepted", history, StringComparison.Ordinal);
        Assert.Empty(bmc.System.Resets);
    }

    [Fact]
    public async Task A_wrong_password_fails_manage_with_a_clear_last_error_and_no_retries()
    {
        await using var bmc = new RedfishService();
        await bmc.StartAsync();
        const string wrong = "wrong-password-123";
        var (uuid, name) = await RedfishNodeCli.EnrollAsync(_cli, bmc, wrong);

        await _cli.RunAsync("node", "manage", name);

        var node = await host.WaitForNodeAsync(uuid, n => (string?)n["provision_state"] == "enroll" && n["last_error"] is not null, "manage failing");
        Assert.Contains($"the BMC at {bmc.Address} rejected the credentials in redfish_username/redfish_password (HTTP 401", (string?)node["last_error"], StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, node.ToJsonString(), StringComparison.Ordinal);
        // A node in enroll is not power-synced: the one refused login is all the BMC sees, however long we wait.
        await Task.Delay(RedfishIronicHost.PowerSyncInterval * 4);
        Assert.Equal(1, bmc.Requests.Count(r => r.Status == 401));

        var fix = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/driver_info/redfish_password", ["value"] = bmc.Password });
        await host.SendAsync(HttpMethod.Patch, $"/v1/nodes/{uuid}", fix, System.Net.HttpStatusCode.OK);
        await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = "manage" }, System.Net.HttpStatusCode.Accepted);
        await host.WaitForProvisionStateAsync(uuid, "manageable");
    }

    [Fact]
    public async Task A_password_changed_on_the_bmc_puts_the_node_in_maintenance_until_fixed()
    {
        await using var bmc = new RedfishService();
        await bmc.StartAsync();
        var uuid = await host.EnrollAndManageAsync(bmc);

        bmc.Password = "rotated-by-the-datacenter";
        bmc.ExpireSessions();

        var node = await host.WaitForNodeAsync(uuid, n => (bool)n["maintenance"]!, "maintenance after failed power syncs");
        Assert.Equal("power failure", (string?)node["fault"]);
        Assert.Contains("rejected the credentials in redfish_username/redfish_password", (string?)node["maintenance_reason"], StringComparison.Ordinal);
        var refused = bmc.Requests.Count(r => r.Status == 401);
        Assert.InRange(refused, 2, 4);
        // No storm of refused logins against the BMC: at most one sync (a request and one fresh login) per interval.
        await Task.Delay(RedfishIronicHost.PowerSyncInterval * 4);
        Assert.InRange(bmc.Requests.Count(r => r.Status == 401) - refused, 0, 2 * 5);

        var fix = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/driver_info/redfish_password", ["value"] = bmc.Password });
        await host.SendAsync(HttpMethod.Patch, $"/v1/nodes/{uuid}", fix, System.Net.HttpStatusCode.OK);
        await AssertRecoversAsync(bmc, uuid);
    }

    [Fact]
    public async Task An_unreachable_bmc_puts_the_node_in_maintenance_and_it_recovers()
    {
        await using var bmc = new RedfishService();
        await bmc.StartAsync();
        var uuid = await host.EnrollAndManageAsync(bmc);

        await bmc.StopAsync();

        var node = await host.WaitForNodeAsync(uuid, n => (bool)n["maintenance"]!, "maintenance after failed power syncs");
        Assert.StartsWith($"power failure: cannot reach the BMC at {bmc.Address}", (string?)node["maintenance_reason"], StringComparison.Ordinal);
        Assert.Contains("power sync failed (1 of 2): cannot reach the BMC", await host.TextAsync($"/v1/nodes/{uuid}/history"), StringComparison.Ordinal);

        await bmc.StartAsync();
        await AssertRecoversAsync(bmc, uuid);
    }

    [Fact]
    public async Task A_hung_bmc_fails_each_sync_after_the_request_timeout_and_the_node_recovers()
    {
        await using var bmc = new RedfishService();
        await bmc.StartAsync();
        var uuid = await host.EnrollAndManageAsync(bmc);

        bmc.Hang = true;

        var node = await host.WaitForNodeAsync(uuid, n => (bool)n["maintenance"]!, "maintenance after hung power syncs");
        Assert.Equal($"power failure: the BMC at {bmc.Address} did not answer GET /redfish/v1/Systems/1 within 1 s", (string?)node["maintenance_reason"]);

        bmc.Hang = false;
        await AssertRecoversAsync(bmc, uuid);
    }

    // Recovery as an operator does it: the BMC answers again, maintenance is cleared, and power sync works once more.
    private async Task AssertRecoversAsync(RedfishService bmc, string uuid)
    {
        await host.SendAsync(HttpMethod.Delete, $"/v1/nodes/{uuid}/maintenance", null, System.Net.HttpStatusCode.Accepted);
        bmc.System.PowerState = "On";
        var node = await host.WaitForNodeAsync(uuid, n => (string?)n["power_state"] == "power on", "power sync after recovery");
        Assert.False((bool)node["maintenance"]!);
        Assert.Null(node["fault"]?.GetValue<string>());
    }
}
