using System.Net;
using System.Text.Json.Nodes;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>The real <c>baremetal</c> command line drives a node through its whole life against this API.</summary>
public sealed class BaremetalCliTests(IronicHost host) : IClassFixture<IronicHost>
{
    [Fact]
    public async Task The_baremetal_cli_drives_a_node_from_enroll_to_deletion()
    {
        var cli = new BaremetalCli(host.BaseAddress);
        var name = NodeApiTests.Unique("cli");
        var mac = NodeApiTests.RandomMac();

        var created = await cli.JsonAsync("node", "create", "--driver", "fake-hardware", "--name", name, "--property", "cpus=4");
        var uuid = (string)created["uuid"]!;
        Assert.Equal("enroll", (string?)created["provision_state"]);
        Assert.Equal(name, (string?)created["name"]);

        var list = await cli.JsonAsync("node", "list");
        var listed = Assert.Single(list.AsArray(), n => (string?)n!["UUID"] == uuid)!;
        Assert.Equal(name, (string?)listed["Name"]);
        Assert.Equal("enroll", (string?)listed["Provisioning State"]);

        await cli.RunAsync("node", "set", name, "--property", "memory_mb=2048", "--extra", "rack=r1");
        await cli.RunAsync("node", "unset", name, "--property", "cpus");
        var shown = await cli.JsonAsync("node", "show", name);
        Assert.Equal("2048", (string?)shown["properties"]!["memory_mb"]);
        Assert.False(shown["properties"]!.AsObject().ContainsKey("cpus"));
        Assert.Equal("r1", (string?)shown["extra"]!["rack"]);

        // manage and provide are followed over HTTP (the CLI's --wait polls every 10 s for provide); deploy uses --wait.
        await cli.RunAsync("node", "manage", name);
        await host.WaitForProvisionStateAsync(uuid, "manageable");
        await cli.RunAsync("node", "provide", name);
        await host.WaitForProvisionStateAsync(uuid, "available");

        var port = await cli.JsonAsync("port", "create", mac, "--node", uuid);
        Assert.Equal(mac, (string?)port["address"]);
        var ports = await cli.JsonAsync("port", "list", "--node", uuid);
        Assert.Equal(mac, (string?)Assert.Single(ports.AsArray())!["Address"]);

        await cli.RunAsync("node", "set", name, "--instance-info", "image_source=http://images.example/ubuntu.qcow2");
        await cli.RunAsync("node", "deploy", name, "--wait", "60");
        shown = await cli.JsonAsync("node", "show", name);
        Assert.Equal("active", (string?)shown["provision_state"]);
        Assert.Equal("http://images.example/ubuntu.qcow2", (string?)shown["instance_info"]!["image_source"]);
        Assert.Null(shown["target_provision_state"]);
        Assert.Equal("power on", (string?)shown["power_state"]);

        await cli.RunAsync("node", "power", "off", name);
        await host.WaitForNodeAsync(uuid, n => (string?)n["power_state"] == "power off" && n["target_power_state"] is null);
        await cli.RunAsync("node", "power", "on", name);
        await host.WaitForNodeAsync(uuid, n => (string?)n["power_state"] == "power on" && n["target_power_state"] is null);

        await cli.RunAsync("node", "maintenance", "set", name, "--reason", "disk swap");
        shown = await cli.JsonAsync("node", "show", name, "--fields", "maintenance", "maintenance_reason");
        Assert.True((bool)shown["maintenance"]!);
        Assert.Equal("disk swap", (string?)shown["maintenance_reason"]);
        await cli.RunAsync("node", "maintenance", "unset", name);
        await host.WaitForNodeAsync(uuid, n => !(bool)n["maintenance"]!);

        await cli.RunAsync("node", "undeploy", name);
        await host.WaitForProvisionStateAsync(uuid, "available");
        // Tearing down clears what the deployment used, as Ironic does.
        Assert.Empty((await cli.JsonAsync("node", "show", name, "--fields", "instance_info"))["instance_info"]!.AsObject());

        await cli.RunAsync("node", "delete", name);
        list = await cli.JsonAsync("node", "list");
        Assert.DoesNotContain(list.AsArray(), n => (string?)n!["UUID"] == uuid);
        using var gone = await host.SendAsync(HttpMethod.Get, $"/v1/nodes/{uuid}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var remaining = await host.JsonAsync(HttpMethod.Get, $"/v1/ports?address={mac}", HttpStatusCode.OK);
        Assert.Empty(remaining["ports"]!.AsArray());
    }

    [Fact]
    public async Task The_cli_negotiates_latest_from_the_version_documents_and_lists_drivers()
    {
        var cli = new BaremetalCli(host.BaseAddress);

        var drivers = await cli.JsonAsync("--os-baremetal-api-version", "latest", "driver", "list");

        var driver = Assert.Single(drivers.AsArray())!;
        Assert.Equal("fake-hardware", (string?)driver["Supported driver(s)"]);
    }

    [Fact]
    public async Task The_cli_shows_ironic_errors_and_fails()
    {
        var cli = new BaremetalCli(host.BaseAddress);
        var uuid = await host.CreateNodeAsync();

        var (exitCode, _, error) = await cli.TryRunAsync("node", "deploy", uuid);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("enroll", error, StringComparison.Ordinal);
        var node = await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{uuid}", HttpStatusCode.OK);
        Assert.Equal("enroll", (string?)node["provision_state"]);
    }
}
