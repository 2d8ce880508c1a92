using System.Diagnostics;
using System.Globalization;
using BareMetal.Orleans.CallPath.Benchmarks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Orleans grain-call cost, measured the way tests/BareMetal.Benchmarks measures our own runtime, so the two can be
// read side by side: closed-loop callers over many activated grains, throughput, CPU time per call (all threads of
// the process) and bytes allocated per call.
//   ping             a call from outside a grain (the co-hosted client, as the HTTP gateway makes them)
//   record           the same with a node-sized record in and out (Orleans deep-copies it both ways)
//   record-immutable the same record wrapped in an [Immutable] type (passed by reference)
//   grain-to-grain   each outside call asks a caller grain to make 10 calls to other grains; per inner call
//   ping-resolved    as ping, with references built from a grain type resolved once (ResolvedGrainReferences)
//   activate         as ping-resolved, each call to a grain never called before that deactivates when it answers
//                    (what a new operation costs: activation, directory registration, deactivation)
//   external-ping    a call through a separate Orleans client connected to the silo's gateway over loopback TCP
// Usage: dotnet run -c Release --project tests/BareMetal.Orleans.CallPath.Benchmarks -- [mode] [seconds] [callers] [grains] [directory=strong]
var modes = new[] { "ping", "ping-resolved", "record", "record-immutable", "grain-to-grain", "external-ping", "activate" };
var mode = args.Length > 0 && modes.Contains(args[0]) ? args[0] : "ping";
var numbers = args.SkipWhile(modes.Contains).Where(a => !a.Contains('=', StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var seconds = numbers.Length > 0 ? numbers[0] : 10;
var callers = numbers.Length > 1 ? numbers[1] : 1000;
var grainCount = numbers.Length > 2 ? numbers[2] : 10_000;
const int InnerCalls = 10;

var siloBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
siloBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
// directory=strong: Orleans' strongly consistent grain directory (BareMetal:Directory:Consistency=strong) instead of its default.
var strongDirectory = args.Contains("directory=strong");
siloBuilder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering();
    if (strongDirectory)
    {
#pragma warning disable ORLEANSEXP003 // experimental in Orleans 10
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
    }
});
using var silo = siloBuilder.Build();
await silo.StartAsync();

IHost? externalClient = null;
var factory = silo.Services.GetRequiredService<IGrainFactory>();
if (mode == "external-ping")
{
    var clientBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
    clientBuilder.UseOrleansClient(client => client.UseLocalhostClustering());
    externalClient = clientBuilder.Build();
    await externalClient.StartAsync();
    factory = externalClient.Services.GetRequiredService<IClusterClient>();
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine($"mode: {mode}, {seconds} s, {callers} callers, {grainCount} grains (Orleans, {(strongDirectory ? "strong" : "default")} directory)");

var samples = Enumerable.Range(0, 64).Select(NodeRecord.Sample).ToArray();
var immutableSamples = samples.Select(s => new ImmutableNodeRecord(s)).ToArray();
Func<int, Task> call = mode switch
{
    "record" => i => factory.GetGrain<IRecordGrain>(i % grainCount).Echo(samples[i & 63]),
    "record-immutable" => i => factory.GetGrain<IRecordGrain>(i % grainCount).EchoImmutable(immutableSamples[i & 63]),
    "grain-to-grain" => i => factory.GetGrain<ICallerGrain>(i % callers).PingOthers(i, InnerCalls, grainCount),
    _ => i => factory.GetGrain<IPingGrain>(i % grainCount).Ping(i),
};
var resolved = new ResolvedGrainReferences<IPingGrain>(externalClient?.Services ?? silo.Services, factory);
if (mode == "ping-resolved")
{
    call = i => resolved.Get(i % grainCount).Ping(i);
}

long fresh = grainCount;
if (mode == "activate")
{
    call = i => resolved.Get(Interlocked.Increment(ref fresh)).PingOnce(i);
}

var callsPerCall = mode == "grain-to-grain" ? InnerCalls : 1;

// Activate every grain once, then warm up so tiered compilation settles before the measured run.
await Parallel.ForEachAsync(Enumerable.Range(0, grainCount), async (i, _) => await call(i));
await Run(Math.Max(3, seconds / 2));

var self = Process.GetCurrentProcess();
self.Refresh();
var cpuBefore = self.TotalProcessorTime;
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var clock = Stopwatch.StartNew();
var calls = await Run(seconds);
var elapsed = clock.Elapsed;
self.Refresh();
var cpu = self.TotalProcessorTime - cpuBefore;
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var measured = calls * callsPerCall;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"calls: {measured:N0} in {elapsed.TotalSeconds:F1} s = {measured / elapsed.TotalSeconds:N0} calls/s; CPU {cpu.TotalMicroseconds / measured:F2} us/call; {allocated / (double)measured:N0} bytes/call"));

Console.WriteLine($"ping activations: {PingGrain.Activations:N0}");

if (externalClient is not null)
{
    await externalClient.StopAsync();
    externalClient.Dispose();
}

await silo.StopAsync();

async Task<long> Run(int runSeconds)
{
    long total = 0;
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(runSeconds));
    var loops = Enumerable.Range(0, callers).Select(async caller =>
    {
        long mine = 0;
        var i = caller;
        while (!stop.IsCancellationRequested)
        {
            await call(i);
            i += callers;
            mine++;
        }

        Interlocked.Add(ref total, mine);
    });
    await Task.WhenAll(loops);
    return total;
}
