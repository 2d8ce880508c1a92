using System.Net;
using System.Text.Json.Nodes;
using BareMetal.Drivers.Redfish;
using BareMetal.Hosting;
using BareMetal.Provisioning.Nodes;
using BareMetal.TestInfrastructure.Redfish;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>
/// A web host on Kestrel (127.0.0.1, a free port) running a silo with the "redfish" hardware type next to the simulated
/// one, and the Ironic API without authentication. Power sync runs every 300 ms, puts a node in maintenance after two
/// failed reads, and records drift (a derived host enforces it); each Redfish request may take 1 s.
/// </summary>
public class RedfishIronicHost : IAsyncLifetime
{
    public static readonly TimeSpan PowerSyncInterval = TimeSpan.FromMilliseconds(300);

    private WebApplication? _app;

    /// <summary>The base URL ("http://127.0.0.1:PORT").</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Http { get; } = new();

    /// <summary>The policy on drift.</summary>
    protected virtual bool EnforcePowerState => false;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BareMetal:Reminders:MinimumReminderPeriod"] = "00:00:00.100",
        });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.AddInMemorySilo(silo =>
        {
            silo.Services.AddNodeProvisioning(o =>
            {
                o.PowerSyncInterval = PowerSyncInterval;
                o.PowerSyncMaxFailures = 2;
                o.EnforcePowerState = EnforcePowerState;
                o.PowerActionTimeout = TimeSpan.FromSeconds(10);
            });
            silo.Services.AddFleetServices();
            silo.Services.AddSimulatedDrivers(o =>
            {
                o.PowerLatency = TimeSpan.FromMilliseconds(5);
                o.CleanLatency = TimeSpan.FromMilliseconds(5);
                o.TearDownLatency = TimeSpan.FromMilliseconds(5);
                o.ImageWriteLatency = TimeSpan.FromMilliseconds(20);
            });
            silo.Services.AddRedfishDriver(o =>
            {
                o.RequestTimeout = TimeSpan.FromSeconds(1);
                o.PowerStatePollInterval = TimeSpan.FromMilliseconds(20);
            });
        });
        builder.AddNoAuthIronicApi();
        builder.Services.Configure<IronicApiOptions>(o => o.Drivers.Add(RedfishHardwareDriver.DriverName));
        (_app, var baseAddress) = await NoAuthIronicApp.StartAsync(builder);
        BaseAddress = baseAddress;
        Http.BaseAddress = BaseAddress;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Enrolls a redfish node pointing at <paramref name="bmc"/> through the Ironic API; returns its uuid.</summary>
    public async Task<string> EnrollAsync(RedfishService bmc, string? password = null)
    {
        var body = new JsonObject
        {
            ["driver"] = "redfish",
            ["driver_info"] = new JsonObject
            {
                ["redfish_address"] = bmc.Address.ToString().TrimEnd('/'),
                ["redfish_system_id"] = bmc.System.Path,
                ["redfish_username"] = bmc.Username,
                ["redfish_password"] = password ?? bmc.Password,
            },
        };
        var node = await SendAsync(HttpMethod.Post, "/v1/nodes", body, HttpStatusCode.Created);
        return (string)node!["uuid"]!;
    }

    /// <summary>Enrolls and manages a redfish node through the Ironic API (validation reads its power state); returns its uuid.</summary>
    public async Task<string> EnrollAndManageAsync(RedfishService bmc)
    {
        var uuid = await EnrollAsync(bmc);
        await SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = "manage" }, HttpStatusCode.Accepted);
        await WaitForProvisionStateAsync(uuid, "manageable");
        return uuid;
    }

    /// <summary>Sends a request to the Ironic API at version 1.78 and checks the status; returns the JSON answer, if any.</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-OpenStack-Ironic-API-Version", "1.78");
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>The node's Ironic document as raw text (to prove what it does not contain).</summary>
    public async Task<string> TextAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-OpenStack-Ironic-API-Version", "1.78");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>Polls the node until <paramref name="done"/> holds for its document (no signal exists over HTTP).</summary>
    public async Task<JsonNode> WaitForNodeAsync(string ident, Func<JsonNode, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var node = JsonNode.Parse(await TextAsync($"/v1/nodes/{ident}"))!;
            if (done(node))
            {
                return node;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Node {ident}: {what} did not happen in time; last seen: {node.ToJsonString()}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the node is in <paramref name="state"/> with no target (a stable state).</summary>
    public Task<JsonNode> WaitForProvisionStateAsync(string ident, string state) =>
        WaitForNodeAsync(ident, n => (string?)n["provision_state"] == state && n["target_provision_state"] is null, $"provision state {state}");
}
