using System.Globalization;
using System.Net;
using BareMetal.Ironic.Benchmarks;

// The Ironic lifecycle workload over plain HTTP against /v1: enroll N nodes, manage, provide, deploy, power off,
// power on, undeploy, delete, each phase with C concurrent clients that poll every node until it reaches the phase's
// state; then K concurrent power requests on one node (none may be answered 409). Without url= it starts its own
// BareMetal (one silo, SQLite, simulated fake-hardware without latencies, Ironic API on 127.0.0.1).
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
var prefix = "bench-" + Guid.NewGuid().ToString("N")[..8];
var phases = new List<PhaseResult>();
var (enroll, nodes) = await load.EnrollAsync(settings.Nodes, prefix);
phases.Add(enroll);
phases.Add(await load.ProvisionAsync("manage", nodes, "manage", "manageable"));
phases.Add(await load.ProvisionAsync("provide", nodes, "provide", "available"));
phases.Add(await load.ProvisionAsync("deploy", nodes, "active", "active"));
phases.Add(await load.PowerAsync("power off", nodes, "power off"));
phases.Add(await load.PowerAsync("power on", nodes, "power on"));
phases.Add(await load.ProvisionAsync("undeploy", nodes, "deleted", "available"));

// Contention on one node before the fleet goes away: K requests at once, all of which must be queued (202).
var (statuses, contention) = await load.ContendAsync(nodes[0], settings.PowerRequests);
if (!await load.WaitIdleAsync(nodes[0]))
{
    Console.Error.WriteLine($"node {nodes[0]} still had work pending a minute after the concurrent power requests");
}

phases.Add(await load.DeleteAsync(nodes));

Console.WriteLine();
Console.WriteLine("| phase | nodes | seconds | nodes/s | call p50 ms | call p99 ms | failures |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
foreach (var phase in phases)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {phase.Name} | {phase.Nodes} | {phase.Elapsed.TotalSeconds:0.00} | {phase.NodesPerSecond:0.0} | {phase.Calls.PercentileMilliseconds(50):0.00} | {phase.Calls.PercentileMilliseconds(99):0.00} | {phase.Failures} |"));
}

var conflicts = statuses.GetValueOrDefault(HttpStatusCode.Conflict);
Console.WriteLine();
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"{settings.PowerRequests} concurrent power requests on one node: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key} x{s.Value}"))}; 409: {conflicts}; call p50 {contention.PercentileMilliseconds(50):0.00} ms, p99 {contention.PercentileMilliseconds(99):0.00} ms"));
return phases.Any(p => p.Failures > 0) || conflicts > 0 ? 1 : 0;
