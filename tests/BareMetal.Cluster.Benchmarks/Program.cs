using System.Globalization;
using BareMetal.Cluster.Benchmarks;
using BareMetal.Cluster.Tests.Infrastructure;
using BareMetal.TestInfrastructure;

// Cluster benchmarks over real silo processes (the BareMetal.Host executable) sharing a private
// PostgreSQL. Not timed tests: run them by hand and record the numbers in docs/benchmarks.md.
//
//   dotnet run -c Release --project tests/BareMetal.Cluster.Benchmarks -- throughput [seconds] [callers]
//     2 silos; an external client connected to silo-1's gateway only calls grains hosted on
//     silo-2, so every call crosses client -> silo-1 -> silo-2 and back. Phase 1: maximum
//     throughput with many closed-loop callers. Phase 2: latency at half load (as few callers as
//     reach half the maximum). For comparison, the same on grains hosted on silo-1 (no silo hop).
//
//   dotnet run -c Release --project tests/BareMetal.Cluster.Benchmarks -- failover [runs]
//     Per run: 3 fresh silos, a client on silo-1 and silo-2 calling grains of silo-3 in a loop;
//     SIGKILL silo-3; time to the first successful call on one of its grains, and until all of its
//     grains answered. Median and worst over the runs. Each attempt waits at most 250 ms: a call in
//     flight at the kill is lost and Orleans reports it only after the response timeout, which this
//     measures around (see Failover.cs).
//
//   dotnet run -c Release --project tests/BareMetal.Cluster.Benchmarks -- freeze [runs]
//     The same with SIGSTOP instead of SIGKILL: the frozen silo's sockets stay open, so its grains
//     come back only once the others have voted it dead.
var mode = args.Length > 0 ? args[0] : "throughput";
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; client server GC {System.Runtime.GCSettings.IsServerGC}; host {ClusterPaths.HostAssembly}");
await using var postgres = new PostgresServer();
await postgres.InitializeAsync();
switch (mode)
{
    case "throughput":
        await Throughput.RunAsync(postgres, ArgOr(args, 1, 10), ArgOr(args, 2, 1000));
        break;
    case "failover":
        await Failover.RunAsync(postgres, ArgOr(args, 1, 10));
        break;
    case "freeze":
        await Failover.RunAsync(postgres, ArgOr(args, 1, 10), freeze: true);
        break;
    default:
        Console.Error.WriteLine("usage: -- throughput [seconds] [callers] | failover [runs] | freeze [runs]");
        return 2;
}

return 0;

static int ArgOr(string[] args, int index, int fallback) =>
    args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
