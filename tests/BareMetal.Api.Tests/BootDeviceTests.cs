using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;

namespace BareMetal.Api.Tests;

/// <summary>The boot device of a node, read from and set at its BMC (a real ipmi_sim) through the native API.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class BootDeviceTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task An_operator_sets_the_boot_device_at_the_bmc_and_a_reader_reads_it_back()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        using var operatorClient = fixture.Host.Client(ApiHostFixture.OperatorKey);
        using var reader = fixture.Host.Client(ApiHostFixture.ReaderKey);
        var id = await CreateIpmiNodeAsync(operatorClient, bmc);

        using var set = await operatorClient.PutAsync($"api/nodes/{id}/management/boot-device", ApiCalls.Json("""{"bootDevice":"pxe","persistent":false}"""));
        var read = await reader.GetFromJsonAsync<JsonNode>($"api/nodes/{id}/management/boot-device");

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal("pxe", bmc.BootDevice);
        Assert.Equal("pxe", (string?)read!["bootDevice"]);
        Assert.False((bool)read["persistent"]!);
    }

    [Fact]
    public async Task A_reader_cannot_set_the_boot_device()
    {
        using var reader = fixture.Host.Client(ApiHostFixture.ReaderKey);
        using var admin = fixture.Host.Client(ApiHostFixture.AdminKey);
        var id = await admin.CreateNodeAsync("boot-reader");

        using var response = await reader.PutAsync($"api/nodes/{id}/management/boot-device", ApiCalls.Json("""{"bootDevice":"pxe"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"bootDevice":"floppy","persistent":true}""", "'floppy'")]
    [InlineData("""{"persistent":true}""", "missing")]
    [InlineData("""{"bootDevice":"pxe","once":true}""", "once")]
    [InlineData("""{"bootDevice":"pxe","persistent":"yes"}""", "persistent")]
    public async Task A_wrong_body_is_a_400_naming_the_problem(string body, string named)
    {
        using var client = fixture.Host.Client(ApiHostFixture.AdminKey);
        var id = await client.CreateNodeAsync("boot-bad");

        using var response = await client.PutAsync($"api/nodes/{id}/management/boot-device", ApiCalls.Json(body));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(named, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wrong_device_names_the_devices_there_are()
    {
        using var client = fixture.Host.Client(ApiHostFixture.AdminKey);
        var id = await client.CreateNodeAsync("boot-names");

        using var response = await client.PutAsync($"api/nodes/{id}/management/boot-device", ApiCalls.Json("""{"bootDevice":"floppy"}"""));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("The field 'bootDevice' must be one of pxe, disk, cdrom, bios (was 'floppy').", (string)problem["detail"]!);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    public async Task An_unknown_node_is_a_404(string method)
    {
        using var client = fixture.Host.Client(ApiHostFixture.AdminKey);
        using var request = new HttpRequestMessage(new HttpMethod(method), "api/nodes/no-such-node-anywhere/management/boot-device")
        {
            Content = method == "PUT" ? ApiCalls.Json("""{"bootDevice":"disk","persistent":true}""") : null,
        };

        using var response = await client.SendAsync(request);
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("no-such-node-anywhere", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hardware_type_without_boot_device_control_is_a_409_saying_so()
    {
        using var client = fixture.Host.Client(ApiHostFixture.AdminKey);
        var id = await client.CreateNodeAsync("boot-fake");

        using var response = await client.GetAsync($"api/nodes/{id}/management/boot-device");
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("fake-hardware hardware type cannot choose a boot device", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bmc_that_refuses_the_password_is_a_502_with_its_reason_and_no_password()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        using var client = fixture.Host.Client(ApiHostFixture.AdminKey);
        var id = await CreateIpmiNodeAsync(client, bmc, password: "wrong-password-1");

        using var response = await client.GetAsync($"api/nodes/{id}/management/boot-device");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway);

        Assert.Contains("rejected the credentials", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-1", problem.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task<string> CreateIpmiNodeAsync(HttpClient client, IpmiSimulator bmc, string? password = null)
    {
        var name = $"boot-ipmi-{Guid.NewGuid():N}"[..24];
        using var response = await client.PostAsync("api/nodes", ApiCalls.Json(new { name, driver = "ipmi", driverInfo = bmc.DriverInfo(password) }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Create failed with {(int)response.StatusCode}: {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }
}
