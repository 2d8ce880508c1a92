using System.Diagnostics;
using BareMetal.Benchmarks;
using BareMetal.Hosting;
using BareMetal.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Local grain-call benchmark: 10,000 grains, many concurrent callers, a small argument and result.
// Phase 1 measures the maximum throughput with closed-loop callers; phase 2 offers half that rate
// open-loop (calls start on a schedule, not when the previous one ends) and reports latency.
// Usage: dotnet run -c Release --project tests/BareMetal.Benchmarks -- [seconds] [callers] [grains]
var seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
var callers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var grainCount = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddBareMetalSilo(silo => silo.AddMemoryGrainStorage());
using var host = builder.Build();
await host.StartAsync();
var factory = host.Services.GetRequiredService<IGrainFactory>();
var grains = Enumerable.Range(0, grainCount).Select(i => factory.GetGrain<IPingGrain>(i)).ToArray();

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine($"activating {grainCount} grains...");
await Task.WhenAll(grains.Select(g => g.Ping(0)));

// Warm-up, then the measured throughput run.
await RunClosedLoop(grains, callers, TimeSpan.FromSeconds(Math.Max(2, seconds / 3)));
var (calls, elapsed) = await RunClosedLoop(grains, callers, TimeSpan.FromSeconds(seconds));
var throughput = calls / elapsed.TotalSeconds;
Console.WriteLine($"throughput: {throughput:N0} calls/s ({calls:N0} calls, {callers} concurrent callers, {elapsed.TotalSeconds:0.0} s)");

var targetRate = throughput / 2;
var recorder = await RunOpenLoop(grains, targetRate, TimeSpan.FromSeconds(seconds));
Console.WriteLine($"latency at {targetRate:N0} calls/s offered (half of max), {recorder.Count:N0} calls: " +
    $"p50 {recorder.PercentileMicroseconds(50):0} us, p90 {recorder.PercentileMicroseconds(90):0} us, " +
    $"p99 {recorder.PercentileMicroseconds(99):0} us, p99.9 {recorder.PercentileMicroseconds(99.9):0} us");

await host.StopAsync();

static async Task<(long Calls, TimeSpan Elapsed)> RunClosedLoop(IPingGrain[] grains, int callers, TimeSpan duration)
{
    long calls = 0;
    var stop = Stopwatch.StartNew();
    var tasks = Enumerable.Range(0, callers).Select(async caller =>
    {
        var index = caller;
        long mine = 0;
        while (stop.Elapsed < duration)
        {
            await grains[index % grains.Length].Ping(index);
            index += callers;
            mine++;
        }

        Interlocked.Add(ref calls, mine);
    }).ToArray();
    await Task.WhenAll(tasks);
    return (calls, stop.Elapsed);
}

static async Task<LatencyRecorder> RunOpenLoop(IPingGrain[] grains, double callsPerSecond, TimeSpan duration)
{
    var recorder = new LatencyRecorder((int)Math.Min(int.MaxValue, callsPerSecond * duration.TotalSeconds * 1.2 + 1000));
    var pending = new List<Task>();
    var clock = Stopwatch.StartNew();
    long issued = 0;
    var index = 0;
    while (clock.Elapsed < duration)
    {
        // Issue every call that is due by now; latency counts from the call's start.
        var due = (long)(clock.Elapsed.TotalSeconds * callsPerSecond);
        for (; issued < due; issued++)
        {
            var grain = grains[index++ % grains.Length];
            pending.Add(Measure(grain, recorder));
        }

        if (pending.Count > 100_000)
        {
            pending.RemoveAll(t => t.IsCompleted);
        }

        // About 1 ms on Linux: calls go out in small bursts without a spinning dispatcher stealing a core.
        await Task.Delay(1);
    }

    await Task.WhenAll(pending);
    return recorder;

    static async Task Measure(IPingGrain grain, LatencyRecorder recorder)
    {
        var start = Stopwatch.GetTimestamp();
        await grain.Ping(1);
        recorder.Record(Stopwatch.GetTimestamp() - start);
    }
}
