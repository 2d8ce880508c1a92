using System.Diagnostics;
using BareMetal.Orleans.Benchmarks.Grains;
using BareMetal.Storage.Orleans;
using BareMetal.Storage.Postgres;
using BareMetal.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BareMetal.Orleans.Benchmarks;

/// <summary>One measured configuration: a storage engine and the grain storage provider in front of it.</summary>
internal sealed record StateWriteConfiguration(string Engine, string Provider);

/// <summary>What one run measured.</summary>
internal sealed record StateWriteResult(long Writes, TimeSpan Elapsed, double MeanMs, double P50Ms, double P99Ms, double MaxMs, TimeSpan SiloCpu, TimeSpan? DatabaseCpu)
{
    public double WritesPerSecond => Writes / Elapsed.TotalSeconds;

    public double SiloCpuMicrosecondsPerWrite => SiloCpu.TotalMicroseconds / Writes;

    public double? DatabaseCpuMicrosecondsPerWrite => DatabaseCpu?.TotalMicroseconds / Writes;
}

/// <summary>
/// Grain-state writes through real Orleans grains in one silo: G grains, each called in a closed loop (call, await
/// the stored write, call again) from inside the silo's process for D seconds after a warm-up; every call changes
/// and writes ~4 KB of state. Reports writes/s, p50/p99 of one call, and CPU per write in the silo process (which
/// also runs the callers) and, on PostgreSQL, in the database server.
/// </summary>
internal static class StateWriteBenchmark
{
    public static async Task<StateWriteResult> RunAsync(StateWriteConfiguration configuration, string connectionString, int grains, TimeSpan duration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            Register(silo, configuration, connectionString);
        });

        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var factory = host.Services.GetRequiredService<IGrainFactory>();
            var writers = Enumerable.Range(0, grains)
                .Select(i => configuration.Provider == "adonet"
                    ? (IStateWriterGrain)factory.GetGrain<IAdoNetStateWriterGrain>(i)
                    : factory.GetGrain<IGroupCommitStateWriterGrain>(i))
                .ToArray();

            // Warm-up: activates every grain, creates its row, lets the JIT and the pools settle; not measured.
            await LoopAsync(writers, TimeSpan.FromSeconds(3), latencies: null);

            var database = configuration.Engine == "postgres" ? await PostgresServerCpu.FindAsync(connectionString) : null;
            var process = Process.GetCurrentProcess();
            var siloCpuBefore = process.TotalProcessorTime;
            var databaseCpuBefore = database?.Read();
            var latencies = new List<long>[grains];
            var clock = Stopwatch.StartNew();
            var writes = await LoopAsync(writers, duration, latencies);
            var elapsed = clock.Elapsed;
            process.Refresh();
            var siloCpu = process.TotalProcessorTime - siloCpuBefore;
            var databaseCpu = database?.Read() - databaseCpuBefore;

            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new StateWriteResult(writes, elapsed, all.Length == 0 ? double.NaN : all.Average() * 1000.0 / Stopwatch.Frequency, Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? double.NaN : all[^1] * 1000.0 / Stopwatch.Frequency, siloCpu, databaseCpu);
        }
        finally
        {
            await host.StopAsync();

            // Orleans' AdoNet providers open connections through the drivers' global pools, which outlive the silo: close
            // the idle ones, or rounds on fresh databases pile up connections until the server refuses more.
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
        }
    }

    private static void Register(ISiloBuilder silo, StateWriteConfiguration configuration, string connectionString)
    {
        switch (configuration)
        {
            case { Engine: "postgres", Provider: "adonet" }:
                silo.AddPostgresAdoNetGrainStorage(BenchmarkStorageNames.AdoNet, o => o.ConnectionString = connectionString);
                break;
            case { Engine: "postgres", Provider: "groupcommit" }:
                silo.AddBareMetalPostgresGrainStorage(BenchmarkStorageNames.GroupCommit, o => o.ConnectionString = connectionString);
                break;
            case { Engine: "sqlite", Provider: "adonet" }:
                silo.AddSqliteAdoNetGrainStorage(BenchmarkStorageNames.AdoNet, o => o.ConnectionString = connectionString);
                break;
            case { Engine: "sqlite", Provider: "groupcommit" }:
                silo.AddBareMetalSqliteGrainStorage(BenchmarkStorageNames.GroupCommit, o => o.ConnectionString = connectionString);
                break;
            default:
                throw new ArgumentException($"Unknown configuration {configuration}.", nameof(configuration));
        }
    }

    private static async Task<long> LoopAsync(IStateWriterGrain[] writers, TimeSpan length, List<long>[]? latencies)
    {
        var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(writers.Select((writer, i) => Task.Run(async () =>
        {
            var own = latencies is null ? null : latencies[i] = new List<long>(8192);
            long count = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                await writer.Write();
                own?.Add(Stopwatch.GetTimestamp() - started);
                count++;
            }

            return count;
        })));
        return counts.Sum();
    }

    private static double Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
}
