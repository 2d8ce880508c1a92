using System.Globalization;
using System.Net;
using BareMetal.Ironic.Benchmarks;

// The Ironic lifecycle workload over plain HTTP against /v1: enroll N nodes, manage, provide, deploy, power off,
// power on, undeploy, delete, each phase with C concurrent clients that poll every node until it reaches the phase's
// state; then K concurrent power requests on one node (none may be answered 409). The measured run follows an unmeasured
// warm-up run of the same lifecycle on its own fleet (warmup=M nodes, default N; 0 skips it). Without url= it starts its
// own BareMetal (one silo, SQLite, simulated fake-hardware without latencies, Ironic API on 127.0.0.1).
BenchmarkSettings settings;
try
{
    settings = BenchmarkSettings.Parse(args);
}
catch (ArgumentException invalid)
{
    Console.Error.WriteLine(invalid.Message);
    return 2;
}

await using var server = settings.Url is null ? await InProcessServer.StartAsync(settings.Storage) : null;
var target = settings.Url ?? server!.Address;
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.Clients * 2 + settings.PowerRequests };
using var http = new HttpClient(handler) { BaseAddress = target, Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.Add("X-OpenStack-Ironic-API-Version", "1.78");

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"target: {target} ({(server is null ? "external" : $"in-process, {settings.Storage}")}), nodes={settings.Nodes}, clients={settings.Clients}, power={settings.PowerRequests}");

var load = new IronicLoad(http, settings.Clients);
if (settings.WarmUpNodes > 0)
{
    // Unmeasured: the same lifecycle on another fleet first, so that the measured phases see the steady state (code
    // compiled and tiered up, pools and connections filled), not the cost of a cold process in whichever phase is first.
    var warmUp = await RunLifecycleAsync(load, settings.WarmUpNodes, settings.PowerRequests, "warmup-" + Guid.NewGuid().ToString("N")[..8]);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"warm-up: {settings.WarmUpNodes} nodes through the lifecycle in {warmUp.Phases.Sum(p => p.Elapsed.TotalSeconds):0.00} s, {warmUp.Phases.Sum(p => p.Failures)} failures (not measured)"));

    // Tier-1 compilation of what the warm-up made hot runs in the background; let it finish before measuring.
    await Task.Delay(TimeSpan.FromSeconds(1));
}

var (phases, statuses, contention) = await RunLifecycleAsync(load, settings.Nodes, settings.PowerRequests, "bench-" + Guid.NewGuid().ToString("N")[..8]);

Console.WriteLine();
Console.WriteLine("| phase | nodes | seconds | nodes/s | call p50 ms | call p99 ms | CPU ms/node | failures |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
foreach (var phase in phases)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {phase.Name} | {phase.Nodes} | {phase.Elapsed.TotalSeconds:0.00} | {phase.NodesPerSecond:0.0} | {phase.Calls.PercentileMilliseconds(50):0.00} | {phase.Calls.PercentileMilliseconds(99):0.00} | {phase.CpuMillisecondsPerNode:0.00} | {phase.Failures} |"));
}

var conflicts = statuses.GetValueOrDefault(HttpStatusCode.Conflict);
Console.WriteLine();
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"{settings.PowerRequests} concurrent power requests on one node: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key} x{s.Value}"))}; 409: {conflicts}; call p50 {contention.PercentileMilliseconds(50):0.00} ms, p99 {contention.PercentileMilliseconds(99):0.00} ms"));
return phases.Any(p => p.Failures > 0) || conflicts > 0 ? 1 : 0;

// Enroll, manage, provide, deploy, power off, power on, undeploy; then K power requests at once on one node (all must
// be queued: 202), that node's queue let drain, and the fleet deleted.
static async Task<(List<PhaseResult> Phases, Dictionary<HttpStatusCode, int> Statuses, LatencyRecorder Contention)> RunLifecycleAsync(
    IronicLoad load, int count, int powerRequests, string prefix)
{
    var phases = new List<PhaseResult>();
    var (enroll, nodes) = await load.EnrollAsync(count, prefix);
    phases.Add(enroll);
    phases.Add(await load.ProvisionAsync("manage", nodes, "manage", "manageable"));
    phases.Add(await load.ProvisionAsync("provide", nodes, "provide", "available"));
    phases.Add(await load.ProvisionAsync("deploy", nodes, "active", "active"));
    phases.Add(await load.PowerAsync("power off", nodes, "power off"));
    phases.Add(await load.PowerAsync("power on", nodes, "power on"));
    phases.Add(await load.ProvisionAsync("undeploy", nodes, "deleted", "available"));

    // Contention on one node before the fleet goes away: K requests at once, all of which must be queued (202).
    var (statuses, contention) = await load.ContendAsync(nodes[0], powerRequests);
    if (!await load.WaitIdleAsync(nodes[0]))
    {
        Console.Error.WriteLine($"node {nodes[0]} still had work pending a minute after the concurrent power requests");
    }

    phases.Add(await load.DeleteAsync(nodes));
    return (phases, statuses, contention);
}
