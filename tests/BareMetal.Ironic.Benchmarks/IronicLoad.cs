using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BareMetal.Ironic.Benchmarks;

/// <summary>
/// The lifecycle workload over plain HTTP: each of C clients takes the next node, sends the phase's request and polls
/// that node (GET /v1/nodes/{uuid}, as the CLI's --wait does) until it reaches the phase's state, then takes the next.
/// The client must send X-OpenStack-Ironic-API-Version with every request (set on its default headers).
/// </summary>
internal sealed class IronicLoad(HttpClient http, int clients)
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan s_nodeDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Creates <paramref name="count"/> nodes; returns the phase and their uuids.</summary>
    public async Task<(PhaseResult Phase, List<string> Nodes)> EnrollAsync(int count, string prefix)
    {
        var uuids = new string?[count];
        var phase = await RunAsync("enroll", count, async (i, calls) =>
        {
            using var response = await SendAsync(HttpMethod.Post, "/v1/nodes", Body(new JsonObject { ["driver"] = "fake-hardware", ["name"] = $"{prefix}-{i}" }), calls);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                return false;
            }

            uuids[i] = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["uuid"];
            return uuids[i] is not null;
        });
        return (phase, uuids.Where(u => u is not null).Select(u => u!).ToList());
    }

    public Task<PhaseResult> ProvisionAsync(string name, IReadOnlyList<string> nodes, string target, string state)
    {
        var body = Body(new JsonObject { ["target"] = target });
        return RunAsync(name, nodes.Count, async (i, calls) =>
        {
            using var response = await SendAsync(HttpMethod.Put, $"/v1/nodes/{nodes[i]}/states/provision", body, calls);
            return response.StatusCode == HttpStatusCode.Accepted
                && await WaitAsync(nodes[i], n => (string?)n["provision_state"] == state && n["target_provision_state"] is null);
        });
    }

    public Task<PhaseResult> PowerAsync(string name, IReadOnlyList<string> nodes, string target)
    {
        var body = Body(new JsonObject { ["target"] = target });
        return RunAsync(name, nodes.Count, async (i, calls) =>
        {
            using var response = await SendAsync(HttpMethod.Put, $"/v1/nodes/{nodes[i]}/states/power", body, calls);
            return response.StatusCode == HttpStatusCode.Accepted
                && await WaitAsync(nodes[i], n => (string?)n["power_state"] == target && n["target_power_state"] is null);
        });
    }

    public Task<PhaseResult> DeleteAsync(IReadOnlyList<string> nodes) =>
        RunAsync("delete", nodes.Count, async (i, calls) =>
        {
            using var response = await SendAsync(HttpMethod.Delete, $"/v1/nodes/{nodes[i]}", null, calls);
            return response.StatusCode == HttpStatusCode.NoContent;
        });

    /// <summary>Sends <paramref name="requests"/> power requests at once to one node; returns how many got each status.</summary>
    public async Task<(Dictionary<HttpStatusCode, int> Statuses, LatencyRecorder Calls)> ContendAsync(string node, int requests)
    {
        var calls = new LatencyRecorder();
        byte[][] bodies = [Body(new JsonObject { ["target"] = "power on" }), Body(new JsonObject { ["target"] = "power off" })];
        var statuses = await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            using var response = await SendAsync(HttpMethod.Put, $"/v1/nodes/{node}/states/power", bodies[i % 2], calls);
            return response.StatusCode;
        }));
        return (statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()), calls);
    }

    /// <summary>Waits until the node has no work pending (its queue drained); false after the deadline.</summary>
    public Task<bool> WaitIdleAsync(string node) =>
        WaitAsync(node, n => n["reservation"] is null && n["target_power_state"] is null && n["target_provision_state"] is null);

    private async Task<PhaseResult> RunAsync(string name, int count, Func<int, LatencyRecorder, Task<bool>> work)
    {
        var calls = new LatencyRecorder();
        var failures = 0;
        var next = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                if (!await work(i, calls))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        clock.Stop();
        return new PhaseResult(name, count, clock.Elapsed, calls, failures, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    // Bodies are encoded once per phase, not per request: the load generator shares the cores with the server.
    private static byte[] Body(JsonObject body) => JsonSerializer.SerializeToUtf8Bytes(body);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? body, LatencyRecorder calls)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }

        var started = Stopwatch.GetTimestamp();
        var response = await http.SendAsync(request);
        calls.Record(Stopwatch.GetTimestamp() - started);
        return response;
    }

    private async Task<bool> WaitAsync(string node, Func<JsonNode, bool> reached)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(s_nodeDeadline.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var document = await http.GetFromJsonAsync<JsonNode>(
                $"/v1/nodes/{node}?fields=provision_state,target_provision_state,power_state,target_power_state,reservation");
            if (document is not null && reached(document))
            {
                return true;
            }

            await Task.Delay(s_pollInterval);
        }

        return false;
    }
}
