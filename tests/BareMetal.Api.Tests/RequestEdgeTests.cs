using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;

namespace BareMetal.Api.Tests;

/// <summary>
/// The edges of both APIs of one host: bodies that are not UTF-8, bodies just over the limit, and the form of every
/// error (one problem+json shape on /api, Ironic's error body on /v1, never a .NET type name or raw exception text).
/// </summary>
[Collection(ApiHostCollection.Name)]
public sealed class RequestEdgeTests(ApiHostFixture fixture)
{
    private const string IronicVersion = "1.78";

    // "é" cut short: 0xC3 must be followed by a continuation byte (0x80-0xBF), '(' is not one.
    private static readonly byte[] s_invalidUtf8 = [0xC3, 0x28];

    private static readonly string[] s_problemMembers = ["detail", "instance", "status", "title", "type"];

    public static TheoryData<string, string, string, string> InvalidUtf8Requests => new()
    {
        // method, path ({id}: a node in enroll), media type, JSON whose "@" is replaced by an invalid UTF-8 sequence
        { "POST", "api/nodes/{id}/actions/deploy", "application/json", """{"parameters":{"image_source":"http://images/@.qcow2"}}""" },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", """{"description":"caf@"}""" },
        { "PATCH", "api/nodes/{id}", "application/json-patch+json", """[{"op":"replace","path":"/description","value":"caf@"}]""" },
        { "POST", "api/nodes", "application/json", """{"name":"utf8-native","driver":"fake-hardware","description":"caf@"}""" },
        { "POST", "v1/nodes", "application/json", """{"name":"utf8-ironic","driver":"fake-hardware","description":"caf@"}""" },
        { "PATCH", "v1/nodes/{id}", "application/json", """[{"op":"replace","path":"/description","value":"caf@"}]""" },
        { "PUT", "v1/nodes/{id}/maintenance", "application/json", """{"reason":"caf@"}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8Requests))]
    public async Task Invalid_utf8_inside_a_json_string_is_400_and_changes_nothing(string method, string path, string mediaType, string json)
    {
        using var client = Client();
        var id = await client.CreateNodeAsync("utf8");
        var before = await client.GetNodeAsync(id);
        var at = Encoding.UTF8.GetBytes(json[..json.IndexOf('@', StringComparison.Ordinal)]);
        var after = Encoding.UTF8.GetBytes(json[(json.IndexOf('@', StringComparison.Ordinal) + 1)..]);

        using var response = await SendAsync(client, method, path.Replace("{id}", id, StringComparison.Ordinal), mediaType, [.. at, .. s_invalidUtf8, .. after]);
        var message = await ErrorMessageAsync(response, path, HttpStatusCode.BadRequest);
        Assert.Contains("UTF-8", message, StringComparison.Ordinal);

        await AssertUnchangedAsync(client, id, before);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/nodes/utf8-native")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/nodes/utf8-ironic")).StatusCode);
    }

    public static TheoryData<string, string, string> OverLimitRequests => new()
    {
        // method, path ({id}: a node in enroll), JSON with "@" where padding makes the body one byte over the limit
        { "POST", "api/nodes", """{"name":"too-large-native","driver":"fake-hardware","description":"@"}""" },
        { "POST", "api/nodes/{id}/actions/maintenance-on", """{"parameters":{"reason":"@"}}""" },
        { "POST", "v1/nodes", """{"name":"too-large-ironic","driver":"fake-hardware","description":"@"}""" },
        { "PATCH", "v1/nodes/{id}", """[{"op":"replace","path":"/description","value":"@"}]""" },
        { "PUT", "v1/nodes/{id}/maintenance", """{"reason":"@"}""" },
        { "PUT", "v1/nodes/{id}/states/provision", """{"target":"manage","configdrive":"@"}""" },
        { "PUT", "v1/nodes/{id}/states/power", """{"target":"power on","timeout":"@"}""" },
    };

    [Theory]
    [MemberData(nameof(OverLimitRequests))]
    public async Task A_body_one_byte_over_the_limit_is_413_on_every_api_and_changes_nothing(string method, string path, string json)
    {
        using var client = Client();
        var id = await client.CreateNodeAsync("limit");
        var before = await client.GetNodeAsync(id);
        var padding = new string('x', ApiHostFixture.BodyLimit + 1 - Encoding.UTF8.GetByteCount(json) + 1);
        var body = Encoding.UTF8.GetBytes(json.Replace("@", padding, StringComparison.Ordinal));
        Assert.Equal(ApiHostFixture.BodyLimit + 1, body.Length);

        using var response = await SendAsync(client, method, path.Replace("{id}", id, StringComparison.Ordinal), "application/json", body);
        var message = await ErrorMessageAsync(response, path, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains(ApiHostFixture.BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);

        await AssertUnchangedAsync(client, id, before);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/nodes/too-large-native")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/nodes/too-large-ironic")).StatusCode);
    }

    public static TheoryData<string, string, string, string?, HttpStatusCode> Refusals => new()
    {
        // method, path ({id}: a node), media type, body, status
        { "PUT", "api/nodes/{id}", "application/json", """{"name":"x"}""", HttpStatusCode.MethodNotAllowed },
        { "DELETE", "api/nodes", "application/json", null, HttpStatusCode.MethodNotAllowed },
        { "POST", "api/nodes", "text/plain", """{"name":"x","driver":"fake-hardware"}""", HttpStatusCode.UnsupportedMediaType },
        { "PATCH", "api/nodes/{id}", "text/plain", """{"name":"x"}""", HttpStatusCode.UnsupportedMediaType },
        { "POST", "api/nodes", "application/json", """{"name":42,"driver":"fake-hardware"}""", HttpStatusCode.BadRequest },
        { "POST", "api/nodes", "application/json", """{"name":"x","driver":"fake-hardware","colour":"red"}""", HttpStatusCode.BadRequest },
        { "POST", "api/nodes", "application/json", """{"name":"x"}""", HttpStatusCode.BadRequest },
        { "POST", "api/nodes", "application/json", """{"name":"x","driver":"fake-hardware","traits":{}}""", HttpStatusCode.BadRequest },
        { "POST", "api/nodes", "application/json", """{"name":"x","driver":"fake-hardware","properties":{"cpus":8}}""", HttpStatusCode.BadRequest },
        { "POST", "api/nodes", "application/json", """{"name":"x","driver":null}""", HttpStatusCode.BadRequest },
        { "POST", "api/nodes", "application/json", """{"name":"x","driver":"fake-hardware" """, HttpStatusCode.BadRequest },
        { "POST", "api/nodes/{id}/actions/deploy", "application/json", """{"parameters":{"image_source":null}}""", HttpStatusCode.BadRequest },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", """{"traits":"gpu"}""", HttpStatusCode.BadRequest },
        { "PATCH", "api/nodes/{id}", "application/merge-patch+json", """{"name":"x",}""", HttpStatusCode.BadRequest },
        { "PUT", "v1/nodes", "application/json", """{"driver":"fake-hardware"}""", HttpStatusCode.MethodNotAllowed },
        { "POST", "v1/nodes/{id}", "application/json", """{"driver":"fake-hardware"}""", HttpStatusCode.MethodNotAllowed },
        { "POST", "v1/nodes", "text/plain", """{"driver":"fake-hardware"}""", HttpStatusCode.UnsupportedMediaType },
        { "PATCH", "v1/nodes/{id}", "text/plain", """[]""", HttpStatusCode.UnsupportedMediaType },
        { "POST", "v1/nodes", "application/json", """{"driver":"fake-hardware" """, HttpStatusCode.BadRequest },
        { "POST", "v1/nodes", "application/json", """{"driver":"fake-hardware","driver":"fake-hardware"}""", HttpStatusCode.BadRequest },
        { "POST", "v1/nodes", "application/json", """{"driver":"no-such-driver"}""", HttpStatusCode.BadRequest },
        { "PATCH", "v1/nodes/{id}", "application/json", """[{"op":"replace","path":"/name","value":".."}]""", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Every_refusal_has_the_api_s_error_shape_and_names_no_dotnet_internals(string method, string path, string mediaType, string? body, HttpStatusCode expected)
    {
        using var client = Client();
        var id = await client.CreateNodeAsync("shape");
        var before = await client.GetNodeAsync(id);

        using var response = await SendAsync(client, method, path.Replace("{id}", id, StringComparison.Ordinal), mediaType, body is null ? null : Encoding.UTF8.GetBytes(body));
        var message = await ErrorMessageAsync(response, path, expected);
        foreach (var internals in new[] { "System.", "Exception", "BareMetal.", "LineNumber", "BytePosition", "$.", "Path:" })
        {
            Assert.DoesNotContain(internals, message, StringComparison.Ordinal);
        }

        await AssertUnchangedAsync(client, id, before);
    }

    private HttpClient Client()
    {
        var client = fixture.Host.Client(ApiHostFixture.AdminKey);
        client.DefaultRequestHeaders.Add("X-OpenStack-Ironic-API-Version", IronicVersion);
        return client;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string mediaType, byte[]? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        return await client.SendAsync(request);
    }

    /// <summary>
    /// Asserts the status and the API's error shape: on /api one problem+json with exactly the standard members, on /v1
    /// Ironic's {"error_message": "{\"faultstring\": ...}"}. Returns the message a user reads.
    /// </summary>
    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, string path, HttpStatusCode expected)
    {
        if (path.StartsWith("api/", StringComparison.Ordinal))
        {
            var problem = await response.AssertProblemAsync(expected);
            var members = problem.AsObject().Select(p => p.Key).Where(k => k is not ("path" or "retryAfterSeconds")).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(s_problemMembers, members);
            return (string)problem["title"]! + " " + (string)problem["detail"]!;
        }

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-OpenStack-Ironic-API-Version"), "The Ironic error has no version header.");
        var fault = JsonNode.Parse(JsonNode.Parse(text)!["error_message"]!.GetValue<string>())!;
        var faultString = fault["faultstring"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(faultString));
        return faultString;
    }

    private static async Task AssertUnchangedAsync(HttpClient client, string id, JsonNode before)
    {
        var after = await client.GetNodeAsync(id);
        Assert.Equal((long)before["version"]!, (long)after["version"]!);
        Assert.Equal((string?)before["description"], (string?)after["description"]);
        Assert.False((bool)after["maintenance"]!);
        Assert.Equal("enroll", (string)after["provisionState"]!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>($"api/nodes/{id}/operations"))!);
    }
}
