using System.Globalization;
using BareMetal.Orleans.Benchmarks;
using BareMetal.TestInfrastructure;

// Usage: dotnet run -c Release --project tests/BareMetal.Orleans.Benchmarks -- state-writes
//        [storage=postgres,sqlite] [provider=adonet,groupcommit] [grains=64] [seconds=10] [rounds=3]
// Every round runs each (storage, provider) once, in alternating order, on a fresh database; the table reports the
// median of the rounds and every round's writes/s, so noise from a shared machine shows.
if (args.Length == 0 || args[0] != "state-writes")
{
    Console.Error.WriteLine("usage: state-writes [storage=postgres,sqlite] [provider=adonet,groupcommit] [grains=64] [seconds=10] [rounds=3]");
    return 2;
}

var options = args.Skip(1).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.OrdinalIgnoreCase);
var engines = options.GetValueOrDefault("storage", "postgres,sqlite").Split(',', StringSplitOptions.RemoveEmptyEntries);
var providers = options.GetValueOrDefault("provider", "adonet,groupcommit").Split(',', StringSplitOptions.RemoveEmptyEntries);
var grains = int.Parse(options.GetValueOrDefault("grains", "64"), CultureInfo.InvariantCulture);
var seconds = int.Parse(options.GetValueOrDefault("seconds", "10"), CultureInfo.InvariantCulture);
var rounds = int.Parse(options.GetValueOrDefault("rounds", "3"), CultureInfo.InvariantCulture);
if (engines.Any(e => e is not ("postgres" or "sqlite")) || providers.Any(p => p is not ("adonet" or "groupcommit")) || grains < 1 || seconds < 1 || rounds < 1)
{
    Console.Error.WriteLine("storage is postgres and/or sqlite, provider adonet and/or groupcommit; grains, seconds and rounds are positive");
    return 2;
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"grains={grains}, seconds={seconds}, rounds={rounds}, state ~4 KB");

var configurations = engines.SelectMany(e => providers.Select(p => new StateWriteConfiguration(e, p))).ToArray();
var results = configurations.ToDictionary(c => c, _ => new List<StateWriteResult>());
var directory = Directory.CreateTempSubdirectory("baremetal-orleans-bench-");
try
{
    await using var postgres = engines.Contains("postgres") ? new PostgresServer() : null;
    if (postgres is not null)
    {
        await postgres.InitializeAsync();
    }

    for (var round = 1; round <= rounds; round++)
    {
        // Alternate the order every round, so neither provider always runs first on a warmer (or busier) machine.
        var order = round % 2 == 1 ? configurations : configurations.Reverse().ToArray();
        foreach (var configuration in order)
        {
            var connectionString = configuration.Engine == "postgres"
                ? await postgres!.CreateDatabaseAsync()
                : $"Data Source={Path.Combine(directory.FullName, $"{configuration.Provider}-{round}.db")}";
            var result = await StateWriteBenchmark.RunAsync(configuration, connectionString, grains, TimeSpan.FromSeconds(seconds));
            results[configuration].Add(result);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"round {round} {configuration.Engine}/{configuration.Provider}: {result.WritesPerSecond:N0} writes/s, mean {result.MeanMs:N1} ms, p50 {result.P50Ms:N1} ms, p99 {result.P99Ms:N1} ms, max {result.MaxMs:N0} ms, {result.Writes:N0} writes in {result.Elapsed.TotalSeconds:N1} s, silo CPU {result.SiloCpuMicrosecondsPerWrite:N0} µs/write, database CPU {result.DatabaseCpuMicrosecondsPerWrite?.ToString("N0", CultureInfo.InvariantCulture) ?? "-"} µs/write, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        }
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    directory.Delete(recursive: true);
}

Console.WriteLine();
Console.WriteLine("| storage | provider | writes/s (median; each round) | mean ms | p50 ms | p99 ms | silo CPU µs/write | database CPU µs/write |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
foreach (var (configuration, runs) in results)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {configuration.Engine} | {configuration.Provider} | {Median(runs.Select(r => r.WritesPerSecond)):N0} ({string.Join(" / ", runs.Select(r => r.WritesPerSecond.ToString("N0", CultureInfo.InvariantCulture)))}) | {Median(runs.Select(r => r.MeanMs)):N1} | {Median(runs.Select(r => r.P50Ms)):N1} | {Median(runs.Select(r => r.P99Ms)):N1} | {Median(runs.Select(r => r.SiloCpuMicrosecondsPerWrite)):N0} | {(configuration.Engine == "postgres" ? Median(runs.Select(r => r.DatabaseCpuMicrosecondsPerWrite ?? double.NaN)).ToString("N0", CultureInfo.InvariantCulture) : "-")} |"));
}

return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
