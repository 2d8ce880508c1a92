using System.Net;

namespace BareMetal.Api.Ironic.Tests;

public sealed class VersionNegotiationTests(IronicHost host) : IClassFixture<IronicHost>
{
    [Fact]
    public async Task Root_document_names_v1_with_its_version_range_and_no_version_headers()
    {
        using var response = await host.SendAsync(HttpMethod.Get, "/", version: null);
        var root = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OpenStack Ironic API", (string?)root["name"]);
        var version = root["default_version"]!;
        Assert.Equal("v1", (string?)version["id"]);
        Assert.Equal("1.1", (string?)version["min_version"]);
        Assert.Equal("1.82", (string?)version["version"]);
        Assert.Equal("CURRENT", (string?)version["status"]);
        Assert.Equal($"{host.BaseAddress.ToString().TrimEnd('/')}/v1/", (string?)version["links"]![0]!["href"]);
        Assert.Single(root["versions"]!.AsArray());
        Assert.False(response.Headers.Contains("X-OpenStack-Ironic-API-Maximum-Version"));
        Assert.StartsWith("req-", response.Headers.GetValues("Openstack-Request-Id").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1_document_links_the_resources_and_carries_the_version_headers()
    {
        using var response = await host.SendAsync(HttpMethod.Get, "/v1/", version: null);
        var v1 = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("v1", (string?)v1["id"]);
        Assert.Equal("application/vnd.openstack.ironic.v1+json", (string?)v1["media_types"]![0]!["type"]);
        foreach (var resource in new[] { "nodes", "ports", "drivers" })
        {
            Assert.Equal("self", (string?)v1[resource]![0]!["rel"]);
            Assert.Equal("bookmark", (string?)v1[resource]![1]!["rel"]);
        }

        Assert.Equal("1.82", (string?)v1["version"]!["version"]);
        Assert.Equal("1.1", response.Headers.GetValues("X-OpenStack-Ironic-API-Minimum-Version").Single());
        Assert.Equal("1.82", response.Headers.GetValues("X-OpenStack-Ironic-API-Maximum-Version").Single());
        Assert.StartsWith("req-", response.Headers.GetValues("Openstack-Request-Id").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "1.1")]
    [InlineData("1.31", "1.31")]
    [InlineData("latest", "1.82")]
    public async Task The_served_version_is_the_requested_one_the_minimum_without_header_or_the_maximum_for_latest(string? requested, string served)
    {
        using var response = await host.SendAsync(HttpMethod.Get, "/v1/drivers", requested);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(served, response.Headers.GetValues("X-OpenStack-Ironic-API-Version").Single());
    }

    [Theory]
    [InlineData("1.99")]
    [InlineData("1.0")]
    [InlineData("2.0")]
    [InlineData("abc")]
    public async Task A_version_outside_the_range_or_unparsable_gets_406_with_the_range_headers(string requested)
    {
        using var response = await host.SendAsync(HttpMethod.Get, "/v1/nodes", requested);
        var (fault, code) = await IronicErrors.ReadAsync(response, HttpStatusCode.NotAcceptable);

        Assert.Contains(requested, fault, StringComparison.Ordinal);
        Assert.Equal("Client", code);
        Assert.Equal("1.1", response.Headers.GetValues("X-OpenStack-Ironic-API-Minimum-Version").Single());
        Assert.Equal("1.82", response.Headers.GetValues("X-OpenStack-Ironic-API-Maximum-Version").Single());
    }

    [Fact]
    public async Task Unknown_paths_and_nodes_answer_404_in_ironic_error_format_with_version_headers()
    {
        using var unknownNode = await host.SendAsync(HttpMethod.Get, $"/v1/nodes/{Guid.NewGuid()}");
        var (fault, _) = await IronicErrors.ReadAsync(unknownNode, HttpStatusCode.NotFound);
        Assert.Contains("could not be found", fault, StringComparison.Ordinal);
        Assert.True(unknownNode.Headers.Contains("X-OpenStack-Ironic-API-Maximum-Version"));

        using var unknownName = await host.SendAsync(HttpMethod.Get, "/v1/nodes/no-such-node");
        await IronicErrors.ReadAsync(unknownName, HttpStatusCode.NotFound);

        using var unknownPath = await host.SendAsync(HttpMethod.Get, "/v1/frobnicators");
        await IronicErrors.ReadAsync(unknownPath, HttpStatusCode.NotFound);
        Assert.Equal("1.78", unknownPath.Headers.GetValues("X-OpenStack-Ironic-API-Version").Single());
    }

    [Fact]
    public async Task A_known_path_with_another_method_answers_405_naming_the_allowed_ones()
    {
        using var response = await host.SendAsync(HttpMethod.Post, "/v1/drivers");
        await IronicErrors.ReadAsync(response, HttpStatusCode.MethodNotAllowed);

        Assert.Equal(["GET"], response.Content.Headers.Allow);
        using var states = await host.SendAsync(HttpMethod.Post, $"/v1/nodes/{Guid.NewGuid()}/states/power");
        await IronicErrors.ReadAsync(states, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["PUT"], states.Content.Headers.Allow);
    }

    [Fact]
    public async Task Drivers_list_the_simulated_hardware_type()
    {
        var drivers = await host.JsonAsync(HttpMethod.Get, "/v1/drivers", HttpStatusCode.OK);

        var driver = Assert.Single(drivers["drivers"]!.AsArray())!;
        Assert.Equal("fake-hardware", (string?)driver["name"]);
        Assert.Equal("dynamic", (string?)driver["type"]);
        Assert.NotEmpty(driver["hosts"]!.AsArray());
        await host.JsonAsync(HttpMethod.Get, "/v1/drivers/fake-hardware", HttpStatusCode.OK);
        using var missing = await host.SendAsync(HttpMethod.Get, "/v1/drivers/ipmi");
        await IronicErrors.ReadAsync(missing, HttpStatusCode.NotFound);
    }
}
