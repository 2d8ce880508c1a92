using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BareMetal.TestInfrastructure;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>
/// The real BareMetal host as a process, with the ipmi hardware type tuned for tests: power sync every second, two
/// failed syncs put a node in maintenance, ipmitool calls stopped after 1 s and retried for 1.5 s. Each test starts
/// its own BMC simulators and nodes.
/// </summary>
public sealed class IpmiHostFixture : IAsyncLifetime
{
    public const int PowerSyncMaxFailures = 2;

    private BareMetalHostProcess? _host;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri BaseAddress => _host?.BaseAddress ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        _host = await BareMetalHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["BareMetal__Reminders__MinimumReminderPeriod"] = "00:00:00.100",
            ["BareMetal__Nodes__PowerSyncInterval"] = "00:00:01",
            ["BareMetal__Nodes__PowerSyncMaxFailures"] = PowerSyncMaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BareMetal__Nodes__PowerActionTimeout"] = "00:00:15",
            ["BareMetal__Drivers__Ipmi__CommandTimeout"] = "00:00:02",
            ["BareMetal__Drivers__Ipmi__CommandRetryTimeout"] = "00:00:03",
            ["BareMetal__Drivers__Ipmi__MinCommandInterval"] = "00:00:00.200",
            ["BareMetal__Drivers__Ipmi__PowerStatePollInterval"] = "00:00:00.100",
            ["BareMetal__Drivers__Simulated__ImageWriteLatency"] = "00:00:00.100",
        });
        Http.BaseAddress = _host.BaseAddress;
        Http.DefaultRequestHeaders.Add("X-OpenStack-Ironic-API-Version", "1.78");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        return await Http.SendAsync(request);
    }

    public async Task<JsonNode> JsonAsync(HttpMethod method, string path, HttpStatusCode expected, JsonNode? body = null, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue(mediaType));
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    /// <summary>Enrolls an ipmi node through the native API and returns its id.</summary>
    public async Task<string> EnrollAsync(IpmiSimulator bmc, string? password = null)
    {
        var driverInfo = new JsonObject();
        foreach (var (key, value) in bmc.DriverInfo(password))
        {
            driverInfo[key] = value;
        }

        var node = await JsonAsync(HttpMethod.Post, "/api/nodes", HttpStatusCode.Created, new JsonObject
        {
            ["name"] = $"ipmi-{Guid.NewGuid():N}"[..20],
            ["driver"] = "ipmi",
            ["driverInfo"] = driverInfo,
        });
        return (string)node["id"]!;
    }

    public Task<JsonNode> ActAsync(string nodeId, string verb) => JsonAsync(HttpMethod.Post, $"/api/nodes/{nodeId}/actions/{verb}", HttpStatusCode.Accepted);

    /// <summary>Reads the node's Ironic document until <paramref name="done"/> holds (HTTP has no signal to wait on).</summary>
    public async Task<JsonNode> WaitForNodeAsync(string ident, Func<JsonNode, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var node = await JsonAsync(HttpMethod.Get, $"/v1/nodes/{ident}", HttpStatusCode.OK);
            if (done(node))
            {
                return node;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Node {ident}: {what} did not happen in time; last seen: {node.ToJsonString()}");
            }

            await Task.Delay(50);
        }
    }

    public Task<JsonNode> WaitForStableAsync(string ident, string state) =>
        WaitForNodeAsync(ident, n => (string?)n["provision_state"] == state && n["target_provision_state"] is null, $"reaching {state}");

    public Task<JsonNode> WaitForPowerAsync(string ident, string power) =>
        WaitForNodeAsync(ident, n => (string?)n["power_state"] == power && n["target_power_state"] is null, $"power state {power}");

    /// <summary>Waits for a condition on something other than the node (the simulator), with a deadline.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen in time");
            await Task.Delay(50);
        }
    }

    /// <summary>The node's history as text (every event and message), to search for what must never appear.</summary>
    public async Task<string> HistoryTextAsync(string nodeId) =>
        (await JsonAsync(HttpMethod.Get, $"/api/nodes/{nodeId}/history", HttpStatusCode.OK)).ToJsonString();
}
