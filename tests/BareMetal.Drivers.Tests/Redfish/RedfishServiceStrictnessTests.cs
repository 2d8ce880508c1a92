using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BareMetal.TestInfrastructure.Redfish;

namespace BareMetal.Drivers.Tests.Redfish;

/// <summary>The fixture answers mistakes the way a real BMC does, so the driver's tests mean something.</summary>
public sealed class RedfishServiceStrictnessTests : IAsyncLifetime
{
    private readonly RedfishService _bmc = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        await _bmc.StartAsync();
        _http.BaseAddress = _bmc.Address;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bmc.DisposeAsync();
    }

    [Fact]
    public async Task The_service_root_is_open_and_links_systems_and_sessions()
    {
        var root = await JsonAsync(HttpMethod.Get, "/redfish/v1/", HttpStatusCode.OK, authenticated: false);

        Assert.Equal("#ServiceRoot.v1_11_0.ServiceRoot", (string?)root["@odata.type"]);
        Assert.Equal("/redfish/v1/Systems", (string?)root["Systems"]!["@odata.id"]);
        Assert.Equal("/redfish/v1/SessionService/Sessions", (string?)root["Links"]!["Sessions"]!["@odata.id"]);
    }

    [Fact]
    public async Task A_system_without_credentials_is_401_with_a_redfish_error()
    {
        var error = await JsonAsync(HttpMethod.Get, "/redfish/v1/Systems/1", HttpStatusCode.Unauthorized, authenticated: false);

        Assert.Equal("Base.1.8.NoValidSession", (string?)error["error"]!["@Message.ExtendedInfo"]![0]!["MessageId"]);
    }

    [Fact]
    public async Task A_method_the_resource_does_not_support_is_405_with_allow()
    {
        using var request = Request(HttpMethod.Delete, "/redfish/v1/Systems/1");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "PATCH"], response.Content.Headers.Allow.Order());
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_a_missing_one_428_when_demanded()
    {
        _bmc.RequireIfMatch = true;
        var patch = new JsonObject { ["Boot"] = new JsonObject { ["BootSourceOverrideTarget"] = "Pxe" } };

        await JsonAsync(HttpMethod.Patch, "/redfish/v1/Systems/1", HttpStatusCode.PreconditionRequired, body: patch);
        await JsonAsync(HttpMethod.Patch, "/redfish/v1/Systems/1", HttpStatusCode.PreconditionFailed, body: patch, ifMatch: "\"0\"");
        var system = await JsonAsync(HttpMethod.Patch, "/redfish/v1/Systems/1", HttpStatusCode.OK, body: patch, ifMatch: _bmc.System.ETag);

        Assert.Equal("Pxe", (string?)system["Boot"]!["BootSourceOverrideTarget"]);
    }

    [Fact]
    public async Task An_unsupported_reset_type_or_boot_target_is_400_naming_the_value()
    {
        var reset = await JsonAsync(HttpMethod.Post, "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset", HttpStatusCode.BadRequest, body: new JsonObject { ["ResetType"] = "Explode" });
        var boot = await JsonAsync(HttpMethod.Patch, "/redfish/v1/Systems/1", HttpStatusCode.BadRequest, body: new JsonObject { ["Boot"] = new JsonObject { ["BootSourceOverrideTarget"] = "Floppy" } });

        Assert.Equal("Base.1.8.ActionParameterValueNotInList", (string?)reset["error"]!["@Message.ExtendedInfo"]![0]!["MessageId"]);
        Assert.Equal("Base.1.8.PropertyValueNotInList", (string?)boot["error"]!["@Message.ExtendedInfo"]![0]!["MessageId"]);
        Assert.Empty(_bmc.System.Resets);
    }

    [Fact]
    public async Task A_session_login_gives_a_token_that_works_until_deleted()
    {
        var login = new JsonObject { ["UserName"] = _bmc.Username, ["Password"] = _bmc.Password };
        using var created = await _http.SendAsync(Request(HttpMethod.Post, "/redfish/v1/SessionService/Sessions", login, authenticated: false));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = created.Headers.GetValues("X-Auth-Token").Single();
        var location = created.Headers.Location!.ToString();

        using var read = Request(HttpMethod.Get, "/redfish/v1/Systems/1", authenticated: false);
        read.Headers.Add("X-Auth-Token", token);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(read)).StatusCode);

        using var delete = Request(HttpMethod.Delete, location, authenticated: false);
        delete.Headers.Add("X-Auth-Token", token);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAsync(delete)).StatusCode);
        using var again = Request(HttpMethod.Get, "/redfish/v1/Systems/1", authenticated: false);
        again.Headers.Add("X-Auth-Token", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.SendAsync(again)).StatusCode);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, JsonObject? body = null, bool authenticated = true, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (authenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_bmc.Username}:{_bmc.Password}")));
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return request;
    }

    private async Task<JsonNode> JsonAsync(HttpMethod method, string path, HttpStatusCode expected, JsonObject? body = null, bool authenticated = true, string? ifMatch = null)
    {
        using var request = Request(method, path, body, authenticated, ifMatch);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
