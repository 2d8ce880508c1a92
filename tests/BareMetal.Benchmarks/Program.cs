using System.Diagnostics;
using BareMetal.Benchmarks;
using BareMetal.Contracts.Nodes;
using BareMetal.Hosting;
using BareMetal.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Local grain-call benchmarks in one silo (memory storage).
//   ping     (default) 10,000 grains, many concurrent callers, a small argument and result. Phase 1 measures the
//            maximum throughput with many closed-loop callers; phase 2 the latency with as few callers as reach
//            half that throughput.
//   record   the same closed loop, but the argument and the result are a NodeView (a contract record).
//   activate every call goes to a new grain with persistent state (read: a miss) that deactivates when idle,
//            like the operation grain each accepted operation creates.
//   state    every call rewrites a ~16 KB state (a node-like record with a 100-entry history).
//   node     every call rewrites a real NodeState (~5 KB: 16 history and 8 journal entries) with the provisioning
//            state JSON context registered (generated writer); node-reflection writes it with the reflection contract.
//   node-json the JSON write alone of that NodeState, on one thread: the reflection contract, then the generated one.
// Each mode prints throughput, CPU time per call (all threads of the process) and bytes allocated per call.
// Usage: dotnet run -c Release --project tests/BareMetal.Benchmarks -- [mode] [seconds] [callers] [grains]
var modes = new[] { "ping", "record", "activate", "state", "node", "node-reflection", "node-json" };
var mode = args.Length > 0 && modes.Contains(args[0]) ? args[0] : "ping";
var numbers = args.SkipWhile(a => modes.Contains(a)).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
var seconds = numbers.Length > 0 ? numbers[0] : 10;
var callers = numbers.Length > 1 ? numbers[1] : mode switch { "state" or "node" or "node-reflection" => 100, "activate" => 200, _ => 1000 };
var grainCount = numbers.Length > 2 ? numbers[2] : mode is "state" or "node" or "node-reflection" ? 100 : 10_000;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddBareMetalSilo(silo =>
{
    silo.AddMemoryGrainStorage();
    if (mode is "node" or "node-json")
    {
        silo.Services.AddGrainStateJsonContext(BareMetal.Provisioning.Serialization.ProvisioningStateJsonContext.Default);
    }
});
using var host = builder.Build();
await host.StartAsync();
var factory = host.Services.GetRequiredService<IGrainFactory>();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine($"mode: {mode}, {seconds} s, {callers} callers");

if (mode == "node-json")
{
    var serializer = host.Services.GetRequiredService<BareMetal.Runtime.Serialization.RuntimeSerializer>();
    var sample = NodeStateGrain.Sample();
    MeasureWrites("reflection", serializer.GetTypeInfo<BareMetal.Provisioning.Nodes.NodeState>());
    MeasureWrites("generated", serializer.GetStateWriteTypeInfo<BareMetal.Provisioning.Nodes.NodeState>());
    await host.StopAsync();
    return;

    void MeasureWrites(string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<BareMetal.Provisioning.Nodes.NodeState> contract)
    {
        // The runtime's own check of whether the generated serialize handler is used (not public API).
        var fastPath = typeof(System.Text.Json.Serialization.Metadata.JsonTypeInfo)
            .GetProperty("CanUseSerializeHandler", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)?.GetValue(contract);
        var size = 0;
        for (var i = 0; i < 20_000; i++)
        {
            size = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(sample, contract).Length;
        }

        // CPU time, not wall time: other processes share the cores, and the loop is the only busy thread.
        var writes = 0L;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds / 2.0)
        {
            for (var i = 0; i < 1000; i++)
            {
                System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(sample, contract);
            }

            writes += 1000;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        Console.WriteLine($"{name}: {cpu.TotalMicroseconds / writes:0.00} us CPU per write of {size:N0} bytes, {(double)allocated / writes:N0} bytes allocated per write, serialize handler used: {fastPath ?? "unknown"}");
    }
}

Func<int, Task> call;
switch (mode)
{
    case "record":
    {
        var grains = Enumerable.Range(0, grainCount).Select(i => factory.GetGrain<IRecordGrain>(i)).ToArray();
        var view = SampleView();
        await Task.WhenAll(grains.Select(g => g.Echo(view)));
        call = async index =>
        {
            var answer = await grains[index % grains.Length].Echo(view);
            if (answer.Version != view.Version + 1 || answer.Name != view.Name)
            {
                throw new InvalidOperationException("A grain returned a wrong result.");
            }
        };
        break;
    }

    case "activate":
    {
        long next = 0;
        call = async _ =>
        {
            var key = "op-" + Interlocked.Increment(ref next).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (await factory.GetGrain<IShortLivedGrain>(key).Touch() != 0)
            {
                throw new InvalidOperationException("A new grain found state it should not have.");
            }
        };
        break;
    }

    case "state":
    {
        var grains = Enumerable.Range(0, grainCount).Select(i => factory.GetGrain<IBigStateGrain>(i)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Write(0)));
        Console.WriteLine($"state size: {System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(BigState.Sample()).Length:N0} bytes of JSON, {grainCount} grains");
        call = VersionedWrites((index, version) => grains[index % grains.Length].Write(version));
        break;
    }

    case "node" or "node-reflection":
    {
        var grains = Enumerable.Range(0, grainCount).Select(i => factory.GetGrain<INodeStateGrain>(i)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Write(0)));
        var stored = await host.Services.GetRequiredKeyedService<BareMetal.Runtime.Storage.IGrainStorage>(PersistentStateAttribute.DefaultStorageName)
            .ReadAsync(new BareMetal.Runtime.Storage.GrainStateKey(GrainId.Create("nodestate", "0"), "node"), CancellationToken.None);
        Console.WriteLine($"state size: {stored?.Payload?.Length ?? 0:N0} bytes of JSON, {grainCount} grains");
        call = VersionedWrites((index, version) => grains[index % grains.Length].Write(version));
        break;
    }

    default:
    {
        var grains = Enumerable.Range(0, grainCount).Select(i => factory.GetGrain<IPingGrain>(i)).ToArray();
        Console.WriteLine($"activating {grainCount} grains...");
        await Task.WhenAll(grains.Select(g => g.Ping(0)));
        call = async index =>
        {
            if (await grains[index % grains.Length].Ping(index) != index + 1)
            {
                throw new InvalidOperationException("A grain returned a wrong result.");
            }
        };
        break;
    }
}

// Warm-up, then the measured throughput run.
await RunClosedLoop(call, callers, grainCount, TimeSpan.FromSeconds(Math.Max(2, seconds / 3)));
var process = Process.GetCurrentProcess();
process.Refresh();
var cpuBefore = process.TotalProcessorTime;
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
var gcBefore = GC.CollectionCount(0);
var (calls, elapsed) = await RunClosedLoop(call, callers, grainCount, TimeSpan.FromSeconds(seconds));
process.Refresh();
var cpu = process.TotalProcessorTime - cpuBefore;
var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
var throughput = calls / elapsed.TotalSeconds;
Console.WriteLine($"throughput: {throughput:N0} calls/s ({calls:N0} calls, {callers} concurrent callers, {elapsed.TotalSeconds:0.0} s)");
Console.WriteLine($"cost: {cpu.TotalMicroseconds / calls:0.00} us CPU per call, {(double)allocated / calls:N0} bytes allocated per call, {GC.CollectionCount(0) - gcBefore} gen0 GCs");

if (mode == "ping")
{
    // Latency at half load: closed-loop callers, as few as it takes to reach half the maximum
    // throughput (found by doubling), so calls do not queue behind a burst of their own making.
    var halfLoadCallers = 1;
    while (halfLoadCallers < callers)
    {
        var (probeCalls, probeElapsed) = await RunClosedLoop(call, halfLoadCallers, grainCount, TimeSpan.FromSeconds(1));
        if (probeCalls / probeElapsed.TotalSeconds >= throughput / 2)
        {
            break;
        }

        halfLoadCallers *= 2;
    }

    var recorder = new LatencyRecorder(50_000_000);
    var (latencyCalls, latencyElapsed) = await RunClosedLoop(call, halfLoadCallers, grainCount, TimeSpan.FromSeconds(seconds), recorder);
    Console.WriteLine($"latency at {latencyCalls / latencyElapsed.TotalSeconds:N0} calls/s ({halfLoadCallers} callers, {100 * latencyCalls / latencyElapsed.TotalSeconds / throughput:0}% of max), {recorder.Count:N0} calls: " +
        $"p50 {recorder.PercentileMicroseconds(50):0} us, p90 {recorder.PercentileMicroseconds(90):0} us, " +
        $"p99 {recorder.PercentileMicroseconds(99):0} us, p99.9 {recorder.PercentileMicroseconds(99.9):0} us");
}

await host.StopAsync();

// Calls that each write the next version number and check the grain answers it back.
static Func<int, Task> VersionedWrites(Func<int, long, Task<long>> write)
{
    long version = 0;
    return async index =>
    {
        var v = Interlocked.Increment(ref version);
        if (await write(index, v) != v)
        {
            throw new InvalidOperationException("A grain returned a wrong result.");
        }
    };
}

static async Task<(long Calls, TimeSpan Elapsed)> RunClosedLoop(Func<int, Task> call, int callers, int grainCount, TimeSpan duration, LatencyRecorder? recorder = null)
{
    long calls = 0;
    var stop = Stopwatch.StartNew();
    var tasks = Enumerable.Range(0, callers).Select(async caller =>
    {
        var index = caller;
        long mine = 0;
        while (stop.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            await call(index);
            recorder?.Record(Stopwatch.GetTimestamp() - start);
            index = (index + callers) % grainCount;
            mine++;
        }

        Interlocked.Add(ref calls, mine);
    }).ToArray();
    await Task.WhenAll(tasks);
    return (calls, stop.Elapsed);
}

static NodeView SampleView() => new(
    "0f8fad5b-d9cb-469f-a165-70867728950e", "node-0001", "fake-hardware", ProvisionState.Available, null, PowerState.Off, false, null,
    ["op-1", "op-2"], new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero))
{
    DriverInfo = new Dictionary<string, string> { ["address"] = "10.0.0.1", ["username"] = "admin", ["password"] = "******" },
    Properties = new Dictionary<string, string> { ["cpus"] = "64", ["memory_mb"] = "262144", ["local_gb"] = "1024", ["cpu_arch"] = "x86_64" },
    ResourceClass = "baremetal.large",
    Traits = ["CUSTOM_GPU", "CUSTOM_NVME"],
    Owner = "team-a",
    Description = "rack 4, slot 12",
    Version = 42,
};
