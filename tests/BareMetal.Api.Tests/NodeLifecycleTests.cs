using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;

namespace BareMetal.Api.Tests;

[Collection(ApiHostCollection.Name)]
public sealed class NodeLifecycleTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task A_node_goes_through_its_whole_life_over_http()
    {
        using var client = fixture.Host.Client(ApiHostFixture.AdminKey);
        var id = await client.CreateNodeAsync("life");
        var created = await client.GetNodeAsync(id);
        Assert.Equal("enroll", (string)created["provisionState"]!);
        Assert.Equal("******", (string)created["driverInfo"]!["ipmi_password"]!);

        await client.ActAndWaitAsync(id, "manage");
        Assert.Equal("manageable", (string)(await client.GetNodeAsync(id))["provisionState"]!);

        await client.ActAndWaitAsync(id, "provide");
        Assert.Equal("available", (string)(await client.GetNodeAsync(id))["provisionState"]!);

        var deploy = await client.ActAndWaitAsync(id, "deploy", new { parameters = new { image_source = "http://images.example/ubuntu.qcow2" } });
        Assert.Equal("carol-admin", (string)deploy["requestedBy"]!);
        Assert.Matches("^[0-9a-f]{32}$", (string)deploy["traceId"]!);
        Assert.Equal("active", (string)(await client.GetNodeAsync(id))["provisionState"]!);

        await client.ActAndWaitAsync(id, "power-off");
        Assert.Equal("power off", (string?)(await client.GetNodeAsync(id))["powerState"]);

        await client.ActAndWaitAsync(id, "power-on");
        Assert.Equal("power on", (string?)(await client.GetNodeAsync(id))["powerState"]);

        await client.ActAndWaitAsync(id, "undeploy");
        var undeployed = await client.GetNodeAsync(id);
        Assert.Equal("available", (string)undeployed["provisionState"]!);
        Assert.Empty(undeployed["pendingOperations"]!.AsArray());

        var history = await client.GetFromJsonAsync<JsonArray>($"api/nodes/{id}/history");
        Assert.Contains(history!, e => (string?)e!["to"] == "active");
        var operations = await client.GetFromJsonAsync<JsonArray>($"api/nodes/{id}/operations");
        Assert.Equal(6, operations!.Count);
        Assert.All(operations, o => Assert.Equal("succeeded", (string)o!["status"]!));

        // The operation index follows the operations asynchronously: wait (with a deadline) for all six.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonArray listed;
        do
        {
            listed = (await client.GetFromJsonAsync<JsonNode>($"api/operations?nodeId={id}&status=succeeded&limit=4"))!["items"]!.AsArray();
            if (listed.Count == 4)
            {
                break;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(operations.Take(4).Select(o => (string)o!["id"]!), listed.Select(o => (string)o!["id"]!));

        using (var delete = await client.DeleteAsync($"api/nodes/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var gone = await client.GetAsync($"api/nodes/{id}");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_node_is_found_by_name_and_listed_with_filters()
    {
        using var client = fixture.Host.Client(ApiHostFixture.OperatorKey);
        var name = "named-" + Guid.NewGuid().ToString("N")[..12];
        using var created = await client.PostAsync("api/nodes", ApiCalls.Json(new { name, driver = "fake-hardware", resourceClass = "rc-" + name, owner = "team-a" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.ReadJsonAsync())["id"]!;
        Assert.Equal($"/api/nodes/{id}", created.Headers.Location?.OriginalString);

        var byName = await client.GetNodeAsync(name);
        Assert.Equal(id, (string)byName["id"]!);

        // The fleet index is updated asynchronously: wait (with a deadline) until the listing shows the node.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonArray items;
        do
        {
            var page = await client.GetFromJsonAsync<JsonNode>($"api/nodes?resourceClass=rc-{name}&provisionState=enroll&limit=5");
            items = page!["items"]!.AsArray();
            if (items.Count == 1)
            {
                break;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(id, (string)Assert.Single(items)!["id"]!);
        var none = await client.GetFromJsonAsync<JsonNode>($"api/nodes?resourceClass=rc-{name}&provisionState=active");
        Assert.Empty(none!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_patch_edits_only_the_fields_it_names_and_keeps_secrets()
    {
        using var client = fixture.Host.Client(ApiHostFixture.OperatorKey);
        var id = await client.CreateNodeAsync("patch");

        using var merge = await client.PatchAsync($"api/nodes/{id}", ApiCalls.Json("""{"description":"rack 7","extra":{"row":"b"},"driverInfo":{"ipmi_address":"10.0.0.7"}}""", "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var merged = await merge.ReadJsonAsync();
        Assert.Equal("rack 7", (string)merged["description"]!);
        Assert.Equal("b", (string)merged["extra"]!["row"]!);
        Assert.Equal("10.0.0.7", (string)merged["driverInfo"]!["ipmi_address"]!);
        Assert.Equal("******", (string)merged["driverInfo"]!["ipmi_password"]!);

        using var patch = await client.PatchAsync($"api/nodes/{id}", ApiCalls.Json("""[{"op":"add","path":"/traits/-","value":"CUSTOM_GPU"},{"op":"remove","path":"/extra/row"}]""", "application/json-patch+json"));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var patched = await patch.ReadJsonAsync();
        Assert.Equal("CUSTOM_GPU", (string)Assert.Single(patched["traits"]!.AsArray())!);
        Assert.Empty(patched["extra"]!.AsObject());
        Assert.Equal("rack 7", (string)patched["description"]!);
    }
}
