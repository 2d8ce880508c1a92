using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;

namespace BareMetal.Api.Tests;

/// <summary>Every malformed request is a 4xx problem that names what is wrong, and changes nothing.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class MalformedInputTests(ApiHostFixture fixture)
{
    public static TheoryData<string, string, string, string?, HttpStatusCode, string> Requests => new()
    {
        // method, path ({id} = an existing node), media type, body, expected status, a word the detail must contain
        { "POST", "api/nodes", "application/json", """{"name":"x","driver":"fake-hardware","colour":"red"}""", HttpStatusCode.BadRequest, "colour" },
        { "POST", "api/nodes", "application/json", """{"name":42,"driver":"fake-hardware"}""", HttpStatusCode.BadRequest, "name" },
        { "POST", "api/nodes", "application/json", """{"name":"x","driver":"fake-hardware" """, HttpStatusCode.BadRequest, "not valid" },
        { "POST", "api/nodes", "application/json", """{"name":"x"}""", HttpStatusCode.BadRequest, "driver" },
        { "POST", "api/nodes", "application/json", """{"id":"not-a-uuid","name":"x","driver":"fake-hardware"}""", HttpStatusCode.BadRequest, "UUID" },
        { "POST", "api/nodes", "application/json", """{"name":"x","driver":"no-such-driver"}""", HttpStatusCode.BadRequest, "no-such-driver" },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", """{"driver":"no-such-driver"}""", HttpStatusCode.BadRequest, "no-such-driver" },
        // Names: Ironic's rule (RFC 3986 unreserved characters), and no dot segments.
        { "POST", "api/nodes", "application/json", """{"name":"rack1/node2","driver":"fake-hardware"}""", HttpStatusCode.BadRequest, "'/'" },
        { "POST", "api/nodes", "application/json", """{"name":"..","driver":"fake-hardware"}""", HttpStatusCode.BadRequest, "'..'" },
        { "POST", "api/nodes", "application/json", """{"name":".","driver":"fake-hardware"}""", HttpStatusCode.BadRequest, "'.'" },
        { "POST", "api/nodes", "application/json", """{"name":"a\u0000b","driver":"fake-hardware"}""", HttpStatusCode.BadRequest, "U+0000" },
        { "POST", "api/nodes", "application/json", """{"name":"line\nbreak","driver":"fake-hardware"}""", HttpStatusCode.BadRequest, "U+000A" },
        { "POST", "api/nodes", "application/json", """{"name":"two words","driver":"fake-hardware"}""", HttpStatusCode.BadRequest, "U+0020" },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", """{"name":"../etc"}""", HttpStatusCode.BadRequest, "'/'" },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", """{"name":".."}""", HttpStatusCode.BadRequest, "'..'" },
        { "PATCH", "api/nodes/{id}", "application/json-patch+json", """[{"op":"replace","path":"/name","value":"nul\u0000"}]""", HttpStatusCode.BadRequest, "U+0000" },
        // Sizes: each limit named in the answer.
        { "POST", "api/webhooks", "application/json", "{\"url\":\"http://example.com/" + new string('a', 2048) + "\",\"secret\":\"0123456789abcdef\"}", HttpStatusCode.BadRequest, "2048" },
        { "POST", "api/nodes/{id}/actions/manage", "application/json", "{\"callback\":{\"url\":\"http://example.com/" + new string('a', 2048) + "\"}}", HttpStatusCode.BadRequest, "2048" },
        { "POST", "api/nodes/{id}/actions/deploy", "application/json", "{\"parameters\":{\"image_source\":\"http://example.com/" + new string('a', 4096) + "\"}}", HttpStatusCode.BadRequest, "4096" },
        { "POST", "api/nodes/{id}/actions/deploy", "application/json", "{\"parameters\":{" + string.Join(",", Enumerable.Range(0, 33).Select(i => $"\"p{i}\":\"x\"")) + "}}", HttpStatusCode.BadRequest, "32" },
        { "POST", "api/nodes/{id}/actions/maintenance-on", "application/json", "{\"parameters\":{\"reason\":\"" + new string('r', 4097) + "\"}}", HttpStatusCode.BadRequest, "4096" },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", "{\"description\":\"" + new string('d', 4097) + "\"}", HttpStatusCode.BadRequest, "4096" },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", "{\"extra\":{\"note\":\"" + new string('e', 4097) + "\"}}", HttpStatusCode.BadRequest, "extra.note" },
        { "POST", "api/nodes", "application/json", "{\"name\":\"described\",\"driver\":\"fake-hardware\",\"description\":\"" + new string('d', 4097) + "\"}", HttpStatusCode.BadRequest, "4096" },
        // Duplicate fields, at the top and inside objects.
        { "POST", "api/nodes", "application/json", """{"name":"dup-a","name":"dup-b","driver":"fake-hardware"}""", HttpStatusCode.BadRequest, "more than once" },
        { "POST", "api/nodes/{id}/actions/deploy", "application/json", """{"parameters":{"image_source":"a","image_source":"b"}}""", HttpStatusCode.BadRequest, "more than once" },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", """{"description":"a","description":"b"}""", HttpStatusCode.BadRequest, "more than once" },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", """{"extra":{"k":"a","k":"b"}}""", HttpStatusCode.BadRequest, "more than once" },
        { "POST", "api/nodes", "text/plain", "name=x", HttpStatusCode.UnsupportedMediaType, "application/json" },
        { "POST", "api/nodes", "application/json", "{\"name\":\"" + new string('x', ApiHostFixture.BodyLimit) + "\",\"driver\":\"fake-hardware\"}", HttpStatusCode.RequestEntityTooLarge, "16384" },
        { "POST", "api/nodes", "application/json", null, HttpStatusCode.BadRequest, "body" },
        { "POST", "api/nodes/{id}/actions/explode", "application/json", null, HttpStatusCode.NotFound, "explode" },
        { "POST", "api/nodes/{id}/actions/deploy", "application/json", """{"parameters":{"image_source":"x"},"force":true}""", HttpStatusCode.BadRequest, "force" },
        { "POST", "api/nodes/{id}/actions/deploy", "application/json", """{"parameters":["image_source"]}""", HttpStatusCode.BadRequest, "parameters" },
        { "POST", "api/nodes/{id}/actions/deploy", "application/json", """{"callback":{"url":"ftp://x"}}""", HttpStatusCode.BadRequest, "callback.url" },
        { "POST", "api/nodes/{id}/actions/deploy", "application/json", null, HttpStatusCode.Conflict, "enroll" },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", """{"provisionState":"active"}""", HttpStatusCode.BadRequest, "provisionState" },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", """{"name":null}""", HttpStatusCode.BadRequest, "name" },
        { "PATCH", "api/nodes/{id}", "application/json-patch+json", """[{"op":"explode","path":"/name"}]""", HttpStatusCode.BadRequest, "op" },
        { "PATCH", "api/nodes/{id}", "application/json-patch+json", """{"op":"replace"}""", HttpStatusCode.BadRequest, "array" },
        { "GET", "api/nodes?provisionState=flying", "application/json", null, HttpStatusCode.BadRequest, "provisionState" },
        { "GET", "api/nodes?limit=0", "application/json", null, HttpStatusCode.BadRequest, "limit" },
        { "GET", "api/nodes?cursor=%%%", "application/json", null, HttpStatusCode.BadRequest, "cursor" },
        { "GET", "api/nodes?colour=red", "application/json", null, HttpStatusCode.BadRequest, "colour" },
        { "GET", "api/nodes/3f0c8a5e-0000-4000-8000-000000000000", "application/json", null, HttpStatusCode.NotFound, "3f0c8a5e" },
        { "GET", "api/operations/not-an-operation", "application/json", null, HttpStatusCode.BadRequest, "operation id" },
        { "GET", "api/operations/op-00000000000000000000000000000000", "application/json", null, HttpStatusCode.NotFound, "op-0000" },
        { "GET", "api/operations?status=exploded", "application/json", null, HttpStatusCode.BadRequest, "status" },
        { "GET", "api/nowhere", "application/json", null, HttpStatusCode.NotFound, "404" },
        { "POST", "api/webhooks", "application/json", """{"url":"not a url","secret":"0123456789abcdef"}""", HttpStatusCode.BadRequest, "url" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_malformed_request_is_a_problem_and_changes_nothing(string method, string path, string mediaType, string? body, HttpStatusCode expected, string named)
    {
        using var client = fixture.Host.Client(ApiHostFixture.AdminKey);
        var id = await client.CreateNodeAsync("malformed");
        var before = await client.GetNodeAsync(id);

        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = ApiCalls.Json(body, mediaType);
        }

        using var response = await client.SendAsync(request);
        var problem = await response.AssertProblemAsync(expected);
        Assert.Contains(named, (string)problem["detail"]! + (string?)problem["title"], StringComparison.OrdinalIgnoreCase);

        var after = await client.GetNodeAsync(id);
        Assert.Equal((long)before["version"]!, (long)after["version"]!);
        Assert.Equal("enroll", (string)after["provisionState"]!);
        var operations = await client.GetFromJsonAsync<JsonArray>($"api/nodes/{id}/operations");
        Assert.Empty(operations!);
    }
}
