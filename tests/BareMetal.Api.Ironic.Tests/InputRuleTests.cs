using System.Net;
using System.Text.Json.Nodes;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>
/// What /v1 refuses before anything is stored: names that cannot be addressed, values over their size limit, and a
/// body over the gateway's body limit (1 MiB by default), each with a 400 (413) naming the problem.
/// </summary>
public sealed class InputRuleTests(IronicHost host) : IClassFixture<IronicHost>
{
    public static TheoryData<string, string> BadNames => new()
    {
        // name, what the answer must name
        { "..", "'..'" },
        { ".", "'.'" },
        { "rack1/node2", "'/'" },
        { "nul\u0000byte", "U+0000" },
        { "tab\tbed", "U+0009" },
        { new string('n', 256), "255" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_name_that_cannot_be_addressed_is_refused_on_create_and_rename(string name, string named)
    {
        using var created = await host.SendAsync(HttpMethod.Post, "/v1/nodes", body: new JsonObject { ["driver"] = "fake-hardware", ["name"] = name });
        var (createFault, _) = await IronicErrors.ReadAsync(created, HttpStatusCode.BadRequest);
        Assert.Contains(named, createFault, StringComparison.Ordinal);

        var uuid = await host.CreateNodeAsync(Unique("rename"));
        var before = await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{uuid}", HttpStatusCode.OK);
        using var renamed = await host.SendAsync(HttpMethod.Patch, $"/v1/nodes/{uuid}", body: new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = name }));
        var (renameFault, _) = await IronicErrors.ReadAsync(renamed, HttpStatusCode.BadRequest);
        Assert.Contains(named, renameFault, StringComparison.Ordinal);
        var after = await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{uuid}", HttpStatusCode.OK);
        Assert.Equal((string?)before["name"], (string?)after["name"]);
    }

    [Fact]
    public async Task A_name_of_unreserved_characters_is_accepted_and_addresses_the_node()
    {
        var name = Unique("Rack-1_node.2~a");
        var uuid = await host.CreateNodeAsync(name);
        var node = await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{name}", HttpStatusCode.OK);
        Assert.Equal(uuid, (string?)node["uuid"]);
    }

    [Fact]
    public async Task A_maintenance_reason_over_its_limit_is_400_naming_the_limit_and_the_node_stays_out_of_maintenance()
    {
        var uuid = await host.CreateNodeAsync();
        using var response = await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/maintenance", body: new JsonObject { ["reason"] = new string('r', 4097) });
        var (fault, _) = await IronicErrors.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("4096", fault, StringComparison.Ordinal);
        Assert.Contains("reason", fault, StringComparison.Ordinal);
        var node = await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{uuid}", HttpStatusCode.OK);
        Assert.False((bool)node["maintenance"]!);
    }

    [Fact]
    public async Task A_maintenance_reason_of_ten_megabytes_is_413_and_never_stored()
    {
        var uuid = await host.CreateNodeAsync();
        using var response = await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/maintenance", body: new JsonObject { ["reason"] = new string('r', 10 * 1024 * 1024) });
        var (fault, _) = await IronicErrors.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1048576", fault, StringComparison.Ordinal);
        var node = await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{uuid}", HttpStatusCode.OK);
        Assert.False((bool)node["maintenance"]!);
        Assert.Null(node["maintenance_reason"]);
    }

    public static TheoryData<string, string> OversizedCreateFields => new()
    {
        // field (JSON), what the answer must name
        { """{"description":"@"}""", "description" },
        { """{"extra":{"note":"@"}}""", "extra.note" },
        { """{"properties":{"memory_mb":"@"}}""", "properties.memory_mb" },
        { """{"driver_info":{"ipmi_address":"@"}}""", "driver_info.ipmi_address" },
    };

    [Theory]
    [MemberData(nameof(OversizedCreateFields))]
    public async Task A_free_text_field_over_its_limit_is_400_naming_field_and_limit_and_nothing_is_created(string fields, string named)
    {
        var name = Unique("oversized");
        var body = JsonNode.Parse(fields.Replace("@", new string('v', 4097), StringComparison.Ordinal))!.AsObject();
        body["driver"] = "fake-hardware";
        body["name"] = name;
        using var response = await host.SendAsync(HttpMethod.Post, "/v1/nodes", body: body);
        var (fault, _) = await IronicErrors.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(named, fault, StringComparison.Ordinal);
        Assert.Contains("4096", fault, StringComparison.Ordinal);
        using var lookup = await host.SendAsync(HttpMethod.Get, $"/v1/nodes/{name}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task A_rescue_password_over_the_parameter_limit_is_400_and_the_node_stays_where_it_was()
    {
        var uuid = await host.CreateNodeAsync();
        using var response = await host.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/provision", body: new JsonObject
        {
            ["target"] = "rescue",
            ["rescue_password"] = new string('p', 4097),
        });
        var (fault, _) = await IronicErrors.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("rescue_password", fault, StringComparison.Ordinal);
        Assert.Contains("4096", fault, StringComparison.Ordinal);
        var node = await host.JsonAsync(HttpMethod.Get, $"/v1/nodes/{uuid}", HttpStatusCode.OK);
        Assert.Equal("enroll", (string?)node["provision_state"]);
    }

    [Fact]
    public async Task An_unknown_driver_is_400()
    {
        using var response = await host.SendAsync(HttpMethod.Post, "/v1/nodes", body: new JsonObject { ["driver"] = "no-such-driver" });
        var (fault, _) = await IronicErrors.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("no-such-driver", fault, StringComparison.Ordinal);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
