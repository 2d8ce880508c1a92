using System.Diagnostics;
using System.Globalization;
using BareMetal.Storage;
using BareMetal.Storage.Postgres;
using BareMetal.Storage.Sqlite;
using BareMetal.TestInfrastructure;

// Grain-state writes through the storage providers themselves (no silo): W concurrent writers, each owning one
// grain and writing its state in a closed loop (write, await the new ETag, write again) for D seconds after a
// warm-up, with payloads of each size. Reports writes/s and the p50/p99 latency of one WriteAsync call.
// Usage: dotnet run -c Release --project tests/BareMetal.Storage.Benchmarks -- [storage=sqlite,postgres] [writers=64] [seconds=10] [sizes=2048,8192]
//        [postgres-settings="Max Auto Prepare=0"] (appended to the PostgreSQL connection string)
var options = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.OrdinalIgnoreCase);
var engines = options.GetValueOrDefault("storage", "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries);
var writers = int.Parse(options.GetValueOrDefault("writers", "64"), CultureInfo.InvariantCulture);
var seconds = int.Parse(options.GetValueOrDefault("seconds", "10"), CultureInfo.InvariantCulture);
var postgresSettings = options.GetValueOrDefault("postgres-settings", string.Empty);
var sizes = options.GetValueOrDefault("sizes", "2048,8192").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
if (engines.Any(e => e is not ("sqlite" or "postgres")) || writers < 1 || seconds < 1 || sizes.Any(s => s < 0))
{
    Console.Error.WriteLine("usage: [storage=sqlite,postgres] [writers=W>0] [seconds=D>0] [sizes=bytes,bytes]");
    return 2;
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"writers={writers}, seconds={seconds}, sizes={string.Join(',', sizes)}");
var rows = new List<string>();
var directory = Directory.CreateTempSubdirectory("baremetal-storage-bench-");
try
{
    await using var postgres = engines.Contains("postgres") ? new PostgresServer() : null;
    if (postgres is not null)
    {
        await postgres.InitializeAsync();
    }

    foreach (var engine in engines)
    {
        foreach (var size in sizes)
        {
            IGrainStateStore storage;
            if (engine == "sqlite")
            {
                storage = new SqliteGrainStorage("bench", new SqliteStorageOptions { ConnectionString = $"Data Source={Path.Combine(directory.FullName, $"bench-{size}.db")}" });
                await ((SqliteGrainStorage)storage).EnsureSchemaAsync(CancellationToken.None);
            }
            else
            {
                var connectionString = await postgres!.CreateDatabaseAsync();
                storage = new PostgresGrainStorage("bench", new PostgresStorageOptions { ConnectionString = postgresSettings.Length == 0 ? connectionString : $"{connectionString};{postgresSettings}" });
                await ((PostgresGrainStorage)storage).EnsureSchemaAsync(CancellationToken.None);
            }

            try
            {
                var result = await RunAsync(storage, writers, size, TimeSpan.FromSeconds(seconds));
                rows.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {engine} | {size} | {writers} | {result.Writes / result.Elapsed.TotalSeconds:N0} | {result.P50Ms:N2} | {result.P99Ms:N2} |"));
                Console.WriteLine(rows[^1]);
            }
            finally
            {
                if (storage is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
            }
        }
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    directory.Delete(recursive: true);
}

Console.WriteLine();
Console.WriteLine("| storage | payload bytes | writers | writes/s | p50 ms | p99 ms |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
rows.ForEach(Console.WriteLine);
return 0;

static async Task<(long Writes, TimeSpan Elapsed, double P50Ms, double P99Ms)> RunAsync(IGrainStateStore storage, int writers, int size, TimeSpan duration)
{
    var keys = Enumerable.Range(0, writers).Select(i => new GrainStateKey("bench", $"{i:D5}-{Guid.NewGuid():N}", "state")).ToArray();
    var eTags = new string?[writers];

    // Warm-up: creates every row and lets the JIT and the pools settle; not measured.
    await LoopAsync(TimeSpan.FromSeconds(2), record: null);
    var latencies = new List<long>[writers];
    var clock = Stopwatch.StartNew();
    var writes = await LoopAsync(duration, latencies);
    var elapsed = clock.Elapsed;
    var all = latencies.SelectMany(l => l ?? Enumerable.Empty<long>()).Order().ToArray();
    return (writes, elapsed, Percentile(all, 0.50), Percentile(all, 0.99));

    async Task<long> LoopAsync(TimeSpan length, List<long>[]? record)
    {
        var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            var payload = new byte[size];
            var own = record is null ? null : record[i] = new List<long>(4096);
            long count = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                Random.Shared.NextBytes(payload);
                var started = Stopwatch.GetTimestamp();
                eTags[i] = await storage.WriteAsync(keys[i], payload, eTags[i], CancellationToken.None);
                own?.Add(Stopwatch.GetTimestamp() - started);
                count++;
            }

            // A writer the thread pool started after the deadline wrote nothing in this loop.
            var stored = await storage.ReadAsync(keys[i], CancellationToken.None);
            if (count > 0 && (stored is null || stored.ETag != eTags[i] || !stored.Payload.AsSpan().SequenceEqual(payload)))
            {
                throw new InvalidOperationException($"writer {i} read back something else than its last write");
            }

            return count;
        })));
        return counts.Sum();
    }

    static double Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
}
