using System.Diagnostics;
using BareMetal.Benchmarks;
using BareMetal.Hosting;
using BareMetal.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Local grain-call benchmark: 10,000 grains, many concurrent callers, a small argument and result.
// Phase 1 measures the maximum throughput with many closed-loop callers; phase 2 measures latency
// with as few callers as reach half that throughput.
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

// Latency at half load: closed-loop callers, as few as it takes to reach half the maximum
// throughput (found by doubling), so calls do not queue behind a burst of their own making.
var halfLoadCallers = 1;
while (halfLoadCallers < callers)
{
    var (probeCalls, probeElapsed) = await RunClosedLoop(grains, halfLoadCallers, TimeSpan.FromSeconds(1));
    if (probeCalls / probeElapsed.TotalSeconds >= throughput / 2)
    {
        break;
    }

    halfLoadCallers *= 2;
}

var recorder = new LatencyRecorder(50_000_000);
var (latencyCalls, latencyElapsed) = await RunClosedLoop(grains, halfLoadCallers, TimeSpan.FromSeconds(seconds), recorder);
Console.WriteLine($"latency at {latencyCalls / latencyElapsed.TotalSeconds:N0} calls/s ({halfLoadCallers} callers, {100 * latencyCalls / latencyElapsed.TotalSeconds / throughput:0}% of max), {recorder.Count:N0} calls: " +
    $"p50 {recorder.PercentileMicroseconds(50):0} us, p90 {recorder.PercentileMicroseconds(90):0} us, " +
    $"p99 {recorder.PercentileMicroseconds(99):0} us, p99.9 {recorder.PercentileMicroseconds(99.9):0} us");

await host.StopAsync();

static async Task<(long Calls, TimeSpan Elapsed)> RunClosedLoop(IPingGrain[] grains, int callers, TimeSpan duration, LatencyRecorder? recorder = null)
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
            if (await grains[index % grains.Length].Ping(index) != index + 1)
            {
                throw new InvalidOperationException("A grain returned a wrong result.");
            }

            recorder?.Record(Stopwatch.GetTimestamp() - start);
            index = (index + callers) % grains.Length;
            mine++;
        }

        Interlocked.Add(ref calls, mine);
    }).ToArray();
    await Task.WhenAll(tasks);
    return (calls, stop.Elapsed);
}
