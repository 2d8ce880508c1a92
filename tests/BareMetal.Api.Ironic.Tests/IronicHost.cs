using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BareMetal.Hosting;
using BareMetal.Provisioning.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>
/// A web host on Kestrel (127.0.0.1, a free port) running a silo in the same process (memory storage, simulated
/// drivers with small latencies, the fleet index) and the Ironic API without authentication (Ironic's noauth).
/// </summary>
public sealed class IronicHost : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>The base URL ("http://127.0.0.1:PORT").</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.AddInMemorySilo(silo =>
        {
            silo.Services.AddNodeProvisioning();
            silo.Services.AddFleetServices();
            silo.Services.AddSimulatedDrivers(o =>
            {
                o.PowerLatency = TimeSpan.FromMilliseconds(5);
                o.CleanLatency = TimeSpan.FromMilliseconds(5);
                o.TearDownLatency = TimeSpan.FromMilliseconds(5);
                o.ImageWriteLatency = TimeSpan.FromMilliseconds(20);
            });
        });
        builder.AddNoAuthIronicApi();
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

    /// <summary>Sends a request at a microversion ("1.78", "latest", or null for none) with an optional JSON body.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? version = "1.78", JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (version is not null)
        {
            request.Headers.Add("X-OpenStack-Ironic-API-Version", version);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Sends and parses the JSON answer, asserting the status code.</summary>
    public async Task<JsonNode> JsonAsync(HttpMethod method, string path, HttpStatusCode expected, string? version = "1.78", JsonNode? body = null)
    {
        using var response = await SendAsync(method, path, version, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Creates a node with the simulated driver and returns its uuid.</summary>
    public async Task<string> CreateNodeAsync(string? name = null)
    {
        var body = new JsonObject { ["driver"] = "fake-hardware" };
        if (name is not null)
        {
            body["name"] = name;
        }

        var node = await JsonAsync(HttpMethod.Post, "/v1/nodes", HttpStatusCode.Created, body: body);
        return node["uuid"]!.GetValue<string>();
    }

    /// <summary>Polls the node until <paramref name="done"/> holds for its document (no signal exists over HTTP).</summary>
    public async Task<JsonNode> WaitForNodeAsync(string ident, Func<JsonNode, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var node = await JsonAsync(HttpMethod.Get, $"/v1/nodes/{ident}", HttpStatusCode.OK);
            if (done(node))
            {
                return node;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Node {ident} did not reach the expected state in time; last seen: {node.ToJsonString()}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the node is in <paramref name="state"/> with no target (a stable state).</summary>
    public Task<JsonNode> WaitForProvisionStateAsync(string ident, string state) =>
        WaitForNodeAsync(ident, n => (string?)n["provision_state"] == state && n["target_provision_state"] is null);
}
