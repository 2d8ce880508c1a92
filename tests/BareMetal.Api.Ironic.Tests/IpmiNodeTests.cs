using System.Net;
using System.Text.Json.Nodes;
using BareMetal.TestInfrastructure;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>
/// Nodes of the ipmi hardware type against real BMC simulators (ipmi_sim), driven through the native API and the real
/// <c>baremetal</c> CLI of the running host.
/// </summary>
public sealed class IpmiNodeTests(IpmiHostFixture host) : IClassFixture<IpmiHostFixture>
{
    [Fact]
    public async Task Native_api_manages_and_powers_an_ipmi_node_and_never_shows_its_password()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        var id = await host.EnrollAsync(bmc);

        await host.ActAsync(id, "manage");
        var managed = await host.WaitForStableAsync(id, "manageable");
        Assert.Equal("power off", (string?)managed["power_state"]);

        await host.ActAsync(id, "power-on");
        await host.WaitForPowerAsync(id, "power on");
        Assert.True(bmc.PowerIsOn);

        var calls = bmc.ChassisCalls.Count;
        await host.ActAsync(id, "reboot");
        await host.WaitForNodeAsync(id, n => n["target_power_state"] is null && bmc.ChassisCalls.Count > calls && bmc.PowerIsOn, "the reboot");
        Assert.Equal(["set power 0", "set power 1"], bmc.ChassisCalls.Skip(calls).Where(c => c.StartsWith("set power", StringComparison.Ordinal)));

        await host.ActAsync(id, "power-off");
        await host.WaitForPowerAsync(id, "power off");
        Assert.False(bmc.PowerIsOn);

        var native = await host.JsonAsync(HttpMethod.Get, $"/api/nodes/{id}", HttpStatusCode.OK);
        Assert.Equal("******", (string?)native["driverInfo"]!["ipmi_password"]);
        Assert.Equal("admin", (string?)native["driverInfo"]!["ipmi_username"]);
        var ironic = await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{id}", HttpStatusCode.OK);
        Assert.Equal("******", (string?)ironic["driver_info"]!["ipmi_password"]);
        var operations = await host.JsonAsync(HttpMethod.Get, $"/api/operations?nodeId={id}", HttpStatusCode.OK);
        Assert.DoesNotContain(bmc.Password, ironic.ToJsonString() + native.ToJsonString() + operations.ToJsonString() + await host.HistoryTextAsync(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Baremetal_cli_enrolls_an_ipmi_node_and_deploys_it_booting_the_ramdisk_then_the_disk()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        var cli = new BaremetalCli(host.BaseAddress);
        var name = $"ipmi-cli-{Guid.NewGuid():N}"[..24];
        List<string> create = ["node", "create", "--driver", "ipmi", "--name", name];
        foreach (var (key, value) in bmc.DriverInfo())
        {
            create.AddRange(["--driver-info", $"{key}={value}"]);
        }

        var created = await cli.JsonAsync([.. create]);
        var uuid = (string)created["uuid"]!;
        Assert.Equal("******", (string?)created["driver_info"]!["ipmi_password"]);

        await cli.RunAsync("node", "manage", name);
        await host.WaitForStableAsync(uuid, "manageable");
        await cli.RunAsync("node", "power", "on", name);
        await host.WaitForPowerAsync(uuid, "power on");
        Assert.True(bmc.PowerIsOn);
        await cli.RunAsync("node", "power", "off", name);
        await host.WaitForPowerAsync(uuid, "power off");
        Assert.False(bmc.PowerIsOn);

        await cli.RunAsync("node", "provide", name);
        await host.WaitForStableAsync(uuid, "available");
        await cli.RunAsync("node", "set", name, "--instance-info", "image_source=http://images.example/os.qcow2");
        await cli.RunAsync("node", "deploy", name, "--wait", "60");

        var shown = await cli.JsonAsync("node", "show", name);
        Assert.Equal("active", (string?)shown["provision_state"]);
        Assert.Equal("power on", (string?)shown["power_state"]);
        Assert.True(bmc.PowerIsOn);
        // The deploy ramdisk booted from the network once; then the node was set to boot its disk and rebooted into it.
        var boots = bmc.ChassisCalls.Where(c => c.StartsWith("set boot", StringComparison.Ordinal)).ToList();
        // ipmi_sim hands "boot from the default hard disk" to its chassis hook as "default".
        Assert.Equal(["set boot pxe", "set boot default"], boots);
        Assert.Equal("default", bmc.BootDevice);

        await cli.RunAsync("node", "undeploy", name);
        await host.WaitForStableAsync(uuid, "available");
        Assert.False(bmc.PowerIsOn);
    }

    [Fact]
    public async Task Baremetal_cli_sets_and_shows_the_boot_device_through_the_bmc()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        var cli = new BaremetalCli(host.BaseAddress);
        var id = await host.EnrollAsync(bmc);
        await host.ActAsync(id, "manage");
        await host.WaitForStableAsync(id, "manageable");

        await cli.RunAsync("node", "boot", "device", "set", id, "pxe");
        Assert.Equal("pxe", bmc.BootDevice);
        Assert.Equal("pxe", (string?)(await cli.JsonAsync("node", "boot", "device", "show", id))["boot_device"]);

        await cli.RunAsync("node", "boot", "device", "set", id, "disk", "--persistent");
        // ipmi_sim hands "boot from the default hard disk" to its chassis hook as "default".
        Assert.Equal("default", bmc.BootDevice);
        Assert.Equal("disk", (string?)(await cli.JsonAsync("node", "boot", "device", "show", id))["boot_device"]);

        var supported = await cli.JsonAsync("node", "boot", "device", "show", id, "--supported");
        // The CLI joins the API's list into one line.
        Assert.Equal("pxe, disk, cdrom, bios", (string?)supported["supported_boot_devices"]);

        using var floppy = await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{id}/management/boot_device", new JsonObject { ["boot_device"] = "floppy" });
        var (fault, _) = await IronicErrors.ReadAsync(floppy, HttpStatusCode.BadRequest);
        Assert.Contains("'floppy' is not a boot device; use one of pxe, disk, cdrom, bios", fault, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Power_sync_puts_back_the_power_state_changed_behind_its_back()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        var id = await host.EnrollAsync(bmc);
        await host.ActAsync(id, "manage");
        await host.WaitForStableAsync(id, "manageable");

        await bmc.SetPowerBehindTheBackAsync(on: true);
        await IpmiHostFixture.WaitUntilAsync(() => !bmc.PowerIsOn, "the power sync restoring power off");

        var history = await host.HistoryTextAsync(id);
        Assert.Contains("power drift: recorded power off, hardware power on; restoring power off", history, StringComparison.Ordinal);
        Assert.Equal("power off", (string?)(await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{id}", HttpStatusCode.OK))["power_state"]);
    }

    [Fact]
    public async Task Manage_with_a_wrong_password_returns_to_enroll_with_a_clear_error()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        var id = await host.EnrollAsync(bmc, password: "wrong-password");

        await host.ActAsync(id, "manage");
        var node = await host.WaitForStableAsync(id, "enroll");

        Assert.StartsWith($"IPMI: the BMC at 127.0.0.1:{bmc.Port} rejected the credentials", (string?)node["last_error"], StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", node.ToJsonString(), StringComparison.Ordinal);
    }

    public enum BmcFault
    {
        WrongPassword,
        Unreachable,
        Hung,
    }

    [Theory]
    [InlineData(BmcFault.WrongPassword, "rejected the credentials")]
    [InlineData(BmcFault.Unreachable, "did not answer 'power status'")]
    [InlineData(BmcFault.Hung, "did not answer 'power status'")]
    public async Task A_failing_bmc_counts_sync_failures_goes_to_maintenance_and_recovers_when_it_answers(BmcFault fault, string error)
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        var id = await host.EnrollAsync(bmc);
        await host.ActAsync(id, "manage");
        await host.WaitForStableAsync(id, "manageable");

        await BreakAsync(bmc, id, fault);
        try
        {
            var failed = await host.WaitForNodeAsync(id, n => (bool)n["maintenance"]!, "maintenance after failed power syncs");

            Assert.Equal("power failure", (string?)failed["fault"]);
            Assert.StartsWith("power failure: IPMI: ", (string?)failed["maintenance_reason"], StringComparison.Ordinal);
            Assert.Contains(error, (string?)failed["maintenance_reason"], StringComparison.Ordinal);
            Assert.StartsWith($"power sync failed ({IpmiHostFixture.PowerSyncMaxFailures} of {IpmiHostFixture.PowerSyncMaxFailures}): IPMI: ", (string?)failed["last_error"], StringComparison.Ordinal);
            var history = await host.HistoryTextAsync(id);
            Assert.Contains("power sync failed (1 of 2)", history, StringComparison.Ordinal);
        }
        finally
        {
            await RepairAsync(bmc, id, fault);
        }

        var recovered = await host.WaitForNodeAsync(id, n => !(bool)n["maintenance"]!, "recovery once the BMC answers again");
        Assert.Null(recovered["fault"]);
        Assert.Null(recovered["maintenance_reason"]);
        Assert.Contains("maintenance off: the BMC answers again (power state power off)", await host.HistoryTextAsync(id), StringComparison.Ordinal);
    }

    private async Task BreakAsync(IpmiSimulator bmc, string id, BmcFault fault)
    {
        switch (fault)
        {
            case BmcFault.WrongPassword:
                // Someone changed the BMC's password; BareMetal still holds the old one.
                await host.JsonAsync(HttpMethod.Patch, $"/v1/nodes/{id}", HttpStatusCode.OK, new JsonArray(
                    new JsonObject { ["op"] = "replace", ["path"] = "/driver_info/ipmi_password", ["value"] = "outdated-password" }));
                break;
            case BmcFault.Unreachable:
                await bmc.StopAsync();
                break;
            case BmcFault.Hung:
                bmc.Pause();
                break;
        }
    }

    private async Task RepairAsync(IpmiSimulator bmc, string id, BmcFault fault)
    {
        switch (fault)
        {
            case BmcFault.WrongPassword:
                await host.JsonAsync(HttpMethod.Patch, $"/v1/nodes/{id}", HttpStatusCode.OK, new JsonArray(
                    new JsonObject { ["op"] = "replace", ["path"] = "/driver_info/ipmi_password", ["value"] = bmc.Password }));
                break;
            case BmcFault.Unreachable:
                await bmc.StartAsync();
                break;
            case BmcFault.Hung:
                bmc.Resume();
                break;
        }
    }
}
