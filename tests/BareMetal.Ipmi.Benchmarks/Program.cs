using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BareMetal.Ipmi.Benchmarks;
using BareMetal.Ironic.Benchmarks;
using BareMetal.TestInfrastructure;

// The power-sync storm against real BMC simulators: N ipmi nodes spread over B ipmi_sim processes on loopback, each
// node's power synced every `interval` seconds (demand above what the machine can serve, so a round measures capacity),
// ipmitool bounded to P processes at once; power reads by the in-process IPMI client (client=native, the default) or
// by ipmitool (client=ipmitool). After enrolling and managing the fleet, the power of every BMC is changed
// behind BareMetal's back; a full sync round is the time until every node has read and recorded the new state. Two
// rounds: the first alone (CPU per node-sync), the second while C clients read nodes through the Ironic API (latency).
IpmiBenchmarkSettings settings;
try
{
    settings = IpmiBenchmarkSettings.Parse(args);
}
catch (ArgumentException invalid)
{
    Console.Error.WriteLine(invalid.Message);
    return 2;
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"nodes={settings.Nodes} bmcs={settings.Bmcs} processes={settings.MaxProcesses} interval={settings.SyncInterval.TotalSeconds} s clients={settings.ApiClients} client={settings.Client} pin={(settings.PinSimulators ? "on" : "off")}");

var bmcs = new List<IpmiSimulator>();
try
{
    for (var i = 0; i < settings.Bmcs; i++)
    {
        bmcs.Add(await IpmiSimulator.StartNewAsync());
    }

    if (settings.PinSimulators)
    {
        var last = Environment.ProcessorCount - 1;
        var rest = last == 1 ? "0" : $"0-{last - 1}";
        foreach (var bmc in bmcs)
        {
            await CorePinning.PinAsync(bmc.ProcessId ?? throw new InvalidOperationException("A simulator has no process."), last.ToString(CultureInfo.InvariantCulture));
            bmc.ToolCores = last.ToString(CultureInfo.InvariantCulture);
        }

        await CorePinning.PinAsync(Environment.ProcessId, rest);
        Console.WriteLine($"pinned: BMC simulators (and the benchmark's own ipmitool runs at them) on core {last}, BareMetal and its API clients on core(s) {rest}");
    }

    await using var server = await IpmiServer.StartAsync(settings);
    using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
    http.DefaultRequestHeaders.Add("X-OpenStack-Ironic-API-Version", "1.78");

    // Enroll and manage (manage validates each node against its BMC and reads its power).
    var setup = Stopwatch.StartNew();
    var uuids = new string[settings.Nodes];
    await Parallel.ForAsync(0, settings.Nodes, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancel) =>
    {
        var bmc = bmcs[i % bmcs.Count];
        var driverInfo = new JsonObject();
        foreach (var (key, value) in bmc.DriverInfo())
        {
            driverInfo[key] = value;
        }

        using var created = await http.PostAsJsonAsync("/v1/nodes", new JsonObject { ["driver"] = "ipmi", ["name"] = $"bench-{i:D5}", ["driver_info"] = driverInfo }, cancel);
        created.EnsureSuccessStatusCode();
        uuids[i] = (string)(await created.Content.ReadFromJsonAsync<JsonNode>(cancel))!["uuid"]!;
        using var manage = await http.PutAsJsonAsync($"/v1/nodes/{uuids[i]}/states/provision", new JsonObject { ["target"] = "manage" }, cancel);
        manage.EnsureSuccessStatusCode();
    });
    await WaitForFleetAsync(http, n => (string?)n["provision_state"] == "manageable" && (string?)n["power_state"] == "power off", settings.Nodes, TimeSpan.FromMinutes(15), "managed and powered off");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: {settings.Nodes} nodes enrolled and managed in {setup.Elapsed.TotalSeconds:0.0} s ({server.Ipmitool.ProcessesStarted} ipmitool runs, {server.Lan.PowerReads} native reads, {server.Lan.SessionsOpened} native sessions)"));

    // Let the syncs settle into their steady state (every node read at least once more), then measure two rounds:
    // the first alone (CPU per node-sync), the second while API clients read nodes (API latency during a round).
    await Task.Delay(settings.SyncInterval * 2);
    var simulatorIds = bmcs.Select(b => b.ProcessId ?? 0).Where(id => id != 0).ToList();
    await MeasureRoundAsync(on: true, apiClients: 0);
    await MeasureRoundAsync(on: false, apiClients: settings.ApiClients);
    return 0;

    async Task MeasureRoundAsync(bool on, int apiClients)
    {
        var power = on ? "power on" : "power off";
        server.Ipmitool.ResetPeak();
        server.Lan.ResetPeak();
        var startedBefore = server.Ipmitool.ProcessesStarted;
        var readsBefore = server.Lan.PowerReads + server.Lan.SharedPowerReads;
        var requestsBefore = server.Lan.PowerReads;
        var sessionsBefore = server.Lan.SessionsOpened;
        var cpuBefore = CpuClock.Sample(simulatorIds);
        var peakSeen = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // The driver's runs pass the password file (-f); the benchmark's own ipmitool runs at the BMCs use -E.
                peakSeen = Math.Max(peakSeen, CpuClock.CountProcesses("ipmitool", "-f"));
                await Task.Delay(20, CancellationToken.None);
            }
        });
        var latencies = new LatencyRecorder();
        var readers = Enumerable.Range(0, apiClients).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"/v1/nodes/{uuids[random.Next(uuids.Length)]}", CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                latencies.Record(Stopwatch.GetTimestamp() - started);
                response.EnsureSuccessStatusCode();
            }
        })).ToList();

        var round = Stopwatch.StartNew();
        // All BMCs at once, so the round's clock does not include 25 ipmitool runs one after the other.
        await Task.WhenAll(bmcs.Select(bmc => bmc.SetPowerBehindTheBackAsync(on)));

        await WaitForFleetAsync(http, n => (string?)n["power_state"] == power, settings.Nodes, TimeSpan.FromMinutes(10), $"{power} read by the sync");
        var roundTime = round.Elapsed;
        var cpu = CpuClock.Sample(simulatorIds) - cpuBefore;
        var runs = server.Ipmitool.ProcessesStarted - startedBefore;
        var syncs = runs + server.Lan.PowerReads + server.Lan.SharedPowerReads - readsBefore;
        var requests = server.Lan.PowerReads - requestsBefore;
        stop.Cancel();
        await sampler;
        await Task.WhenAll(readers);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            round ({power}, {apiClients} API clients): {settings.Nodes} nodes read the changed power in {roundTime.TotalSeconds:0.0} s ({syncs} node-syncs, {syncs / roundTime.TotalSeconds:0.0}/s: {runs} ipmitool runs, {syncs - runs} native reads with {requests} requests to BMCs over {server.Lan.SessionsOpened - sessionsBefore} new sessions), load average {File.ReadAllText("/proc/loadavg").Trim()}
              ipmitool processes at once: peak {server.Ipmitool.PeakRunning} counted by the driver, {peakSeen} seen in /proc (bound {settings.MaxProcesses}); native requests at once: peak {server.Lan.PeakInFlight}
              CPU: control plane {cpu.Self:0.0} s, ipmitool {cpu.Children:0.0} s, BMC simulators with their hooks {cpu.Others:0.0} s; per node-sync {cpu.Self / syncs * 1000:0.0} / {cpu.Children / syncs * 1000:0.0} / {cpu.Others / syncs * 1000:0.0} ms
            """));
        if (apiClients > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  API (GET /v1/nodes/<uuid>, {apiClients} closed-loop clients, {latencies.Count} requests): p50 {latencies.PercentileMilliseconds(50):0.0} ms, p99 {latencies.PercentileMilliseconds(99):0.0} ms, max {latencies.PercentileMilliseconds(100):0.0} ms"));
        }
    }
}
finally
{
    foreach (var bmc in bmcs)
    {
        await bmc.DisposeAsync();
    }
}

// Reads the whole fleet from the Ironic list (one page) until every node satisfies the condition.
static async Task WaitForFleetAsync(HttpClient http, Func<JsonNode, bool> done, int expected, TimeSpan timeout, string what)
{
    var deadline = DateTime.UtcNow + timeout;
    while (true)
    {
        var list = await http.GetFromJsonAsync<JsonNode>("/v1/nodes?fields=uuid,provision_state,power_state&limit=1000");
        var nodes = list!["nodes"]!.AsArray();
        var count = nodes.Count(n => n is not null && (string?)n["uuid"] is not null && done(n));
        if (count >= expected)
        {
            return;
        }

        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"{count} of {expected} nodes {what} after {timeout.TotalSeconds} s.");
        }

        await Task.Delay(250);
    }
}
