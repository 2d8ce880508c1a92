using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Benchmarks;
using BareMetal.TestInfrastructure;

// Accepted operations per second through the native API, end to end (request -> durable -> 202), against the real
// host process on SQLite or PostgreSQL: N managed nodes, C concurrent clients alternating power-off/power-on on
// the nodes for D seconds. Then the time from 202 to succeeded for single power actions (followed by long-poll).
// The same load runs unmeasured for warmup=W seconds first (default 40: under this load the host's tiered compilation
// of its hot paths, with profile-guided recompilation, goes on for about that long and costs the slowest calls tens of
// milliseconds), so the measured window sees the steady state. The host's CPU time over the window is reported per
// accepted operation.
// Usage: dotnet run -c Release --project tests/BareMetal.Api.Benchmarks -- [storage=sqlite|postgres] [nodes=500] [clients=32] [seconds=20] [warmup=40] [timeline=true]
// (timeline=true also prints each second's calls, p50, p99 and maximum)
//
// "pipeline" measures the HTTP layer alone: the gateway composed as the host composes it, in a process of its own,
// in front of grains answered in memory; its CPU time and allocated bytes per accepted power-on.
// Usage: dotnet run -c Release --project tests/BareMetal.Api.Benchmarks -- pipeline [clients=32] [seconds=10] [warmup=5] [allocations=true] [BareMetal:Api:...=value]
// (allocations=true also lists the types the server allocates most, sampled by the runtime's allocation ticks)
if (args.Length > 0 && args[0] == "pipeline-server")
{
    return await PipelineServer.RunAsync(Settings(args.Skip(1)));
}

if (args.Length > 0 && args[0] == "pipeline")
{
    var pipeline = Settings(args.Skip(1));
    var pipelineClients = int.Parse(pipeline.GetValueOrDefault("clients", "32"), CultureInfo.InvariantCulture);
    var pipelineSeconds = int.Parse(pipeline.GetValueOrDefault("seconds", "10"), CultureInfo.InvariantCulture);
    var pipelineWarmUp = int.Parse(pipeline.GetValueOrDefault("warmup", "5"), CultureInfo.InvariantCulture);
    var serverSettings = pipeline.Where(s => s.Key.Contains(':', StringComparison.Ordinal) || s.Key == "allocations").ToDictionary();
    serverSettings.TryAdd("BareMetal:Api:RateLimit:Enabled", "false");
    return await PipelineBenchmark.RunAsync(pipelineClients, pipelineSeconds, pipelineWarmUp, serverSettings);
}

var options = Settings(args);
var storage = options.GetValueOrDefault("storage", "sqlite");
var nodeCount = int.Parse(options.GetValueOrDefault("nodes", "500"), CultureInfo.InvariantCulture);
var clients = int.Parse(options.GetValueOrDefault("clients", "32"), CultureInfo.InvariantCulture);
var seconds = int.Parse(options.GetValueOrDefault("seconds", "20"), CultureInfo.InvariantCulture);
var warmUpSeconds = int.Parse(options.GetValueOrDefault("warmup", "40"), CultureInfo.InvariantCulture);
var timeline = options.GetValueOrDefault("timeline") == "true";
if (storage is not ("sqlite" or "postgres") || nodeCount < 1 || clients < 1 || seconds < 1 || warmUpSeconds < 0)
{
    Console.Error.WriteLine("usage: [storage=sqlite|postgres] [nodes=N>0] [clients=C>0] [seconds=D>0] [warmup=W>=0]");
    return 2;
}

var settings = new Dictionary<string, string>
{
    ["BareMetal:DemoFleet:Nodes"] = "0",
    ["BareMetal:Api:RateLimit:Enabled"] = "false",
    ["BareMetal:Drivers:Simulated:PowerLatency"] = "00:00:00",
    ["BareMetal:Drivers:Simulated:ValidateLatency"] = "00:00:00",
};
await using var postgres = storage == "postgres" ? new PostgresServer() : null;
if (postgres is not null)
{
    await postgres.InitializeAsync();
    settings["BareMetal:Database:Provider"] = "Postgres";
    settings["BareMetal:Database:ConnectionString"] = await postgres.CreateDatabaseAsync();
}

await using var host = await HostUnderTest.StartAsync(settings);
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 };
using var http = new HttpClient(handler) { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(1) };
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"host: {host.Address} ({storage}), nodes={nodeCount}, clients={clients}, seconds={seconds}");

// The fleet: enrolled and managed (power actions need verified credentials), in parallel.
var nodes = new string[nodeCount];
await Parallel.ForAsync(0, nodeCount, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, ct) =>
{
    using var created = await http.PostAsJsonAsync("api/nodes", new { name = $"bench-{i:D5}-{Guid.NewGuid():N}", driver = "fake-hardware" }, ct);
    created.EnsureSuccessStatusCode();
    nodes[i] = (string)(await created.Content.ReadFromJsonAsync<JsonNode>(ct))!["id"]!;
    var operation = await ActAsync(http, nodes[i], "manage", ct);
    await FollowAsync(http, operation, ct);
});

// Accepted operations: each client walks the fleet, alternating power-off and power-on per node.
var next = -1;
await PowerLoadAsync(TimeSpan.FromSeconds(warmUpSeconds), new ConcurrentDictionary<HttpStatusCode, int>(), new ConcurrentBag<long>(), new ConcurrentBag<(long, long)>());
var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
var latencies = new ConcurrentBag<long>();
var timed = new ConcurrentBag<(long Started, long Took)>();
var hostCpu = host.ProcessorTime;
var stop = Stopwatch.StartNew();
await PowerLoadAsync(TimeSpan.FromSeconds(seconds), statuses, latencies, timed);
hostCpu = host.ProcessorTime - hostCpu;
var elapsed = stop.Elapsed;
var accepted = statuses.GetValueOrDefault(HttpStatusCode.Accepted);
Console.WriteLine();
Console.WriteLine("| storage | nodes | clients | accepted | accepted/s | call p50 ms | call p99 ms | host CPU ms/accepted | other answers |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"| {storage} | {nodeCount} | {clients} | {accepted} | {accepted / elapsed.TotalSeconds:0} | {Percentile(latencies, 50):0.0} | {Percentile(latencies, 99):0.0} | {hostCpu.TotalMilliseconds / Math.Max(1, accepted):0.00} | {string.Join(", ", statuses.Where(s => s.Key != HttpStatusCode.Accepted).Select(s => $"{(int)s.Key} x{s.Value}"))} |"));

if (timeline)
{
    // Per second of the measured window: where the slow calls cluster (a stall shows as a second with a high maximum).
    var origin = timed.Min(t => t.Started);
    Console.WriteLine("second | calls | p50 ms | p99 ms | max ms");
    foreach (var second in timed.GroupBy(t => (t.Started - origin) / Stopwatch.Frequency).OrderBy(g => g.Key))
    {
        var took = second.Select(t => t.Took).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{second.Key,6} | {took.Count,5} | {Percentile(took, 50),6:0.0} | {Percentile(took, 99),6:0.0} | {took.Max() * 1000.0 / Stopwatch.Frequency,6:0.0}"));
    }
}

// From 202 to succeeded, one action at a time on an idle node (the queue empty, the simulated BMC instant).
var quiet = nodes[0];
await WaitIdleAsync(http, quiet);
var completion = new ConcurrentBag<long>();
for (var i = 0; i < 100; i++)
{
    var operation = await ActAsync(http, quiet, i % 2 == 0 ? "power-on" : "power-off", CancellationToken.None);
    var acceptedAt = Stopwatch.GetTimestamp();
    var status = await FollowAsync(http, operation, CancellationToken.None);
    completion.Add(Stopwatch.GetTimestamp() - acceptedAt);
    if (status != "succeeded")
    {
        Console.Error.WriteLine($"operation {operation} ended {status}");
    }
}

Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"202 -> succeeded (power action, long-poll): p50 {Percentile(completion, 50):0.0} ms, p99 {Percentile(completion, 99):0.0} ms over {completion.Count}"));
return 0;

// C closed-loop clients for the given time, each taking the next node round the fleet (power-off on the first round,
// power-on on the next, ...).
async Task PowerLoadAsync(TimeSpan duration, ConcurrentDictionary<HttpStatusCode, int> answers, ConcurrentBag<long> calls, ConcurrentBag<(long, long)> starts)
{
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        while (clock.Elapsed < duration)
        {
            var n = Interlocked.Increment(ref next);
            var verb = (n / nodeCount) % 2 == 0 ? "power-off" : "power-on";
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync($"api/nodes/{nodes[n % nodeCount]}/actions/{verb}", null);
            calls.Add(Stopwatch.GetTimestamp() - started);
            starts.Add((started, Stopwatch.GetTimestamp() - started));
            answers.AddOrUpdate(response.StatusCode, 1, (_, c) => c + 1);
        }
    }));
}

static Dictionary<string, string> Settings(IEnumerable<string> arguments) =>
    arguments.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.OrdinalIgnoreCase);

static async Task<JsonNode> ActAsync(HttpClient http, string node, string verb, CancellationToken ct)
{
    using var response = await http.PostAsync($"api/nodes/{node}/actions/{verb}", null, ct);
    if (response.StatusCode != HttpStatusCode.Accepted)
    {
        throw new InvalidOperationException($"{verb} on {node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    return (await response.Content.ReadFromJsonAsync<JsonNode>(ct))!["operation"]!;
}

// Long-polls the operation until it ends; returns its final status.
static async Task<string> FollowAsync(HttpClient http, JsonNode operation, CancellationToken ct)
{
    var id = (string)operation["id"]!;
    var version = (long)operation["version"]!;
    var status = (string)operation["status"]!;
    while (status is "queued" or "running")
    {
        var view = (await http.GetFromJsonAsync<JsonNode>($"api/operations/{id}?waitForChangeAfter={version}&timeout=20s", ct))!;
        version = (long)view["version"]!;
        status = (string)view["status"]!;
    }

    return status;
}

static async Task WaitIdleAsync(HttpClient http, string node)
{
    while ((await http.GetFromJsonAsync<JsonNode>($"api/nodes/{node}"))!["pendingOperations"]!.AsArray().Count > 0)
    {
        await Task.Delay(50);
    }
}

static double Percentile(IEnumerable<long> ticks, double percentile)
{
    var sorted = ticks.Order().ToArray();
    if (sorted.Length == 0)
    {
        return double.NaN;
    }

    var index = (int)Math.Clamp(Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1);
    return sorted[index] * 1000.0 / Stopwatch.Frequency;
}
