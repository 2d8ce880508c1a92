using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;

namespace BareMetal.Api.Benchmarks;

/// <summary>
/// The HTTP layer's own cost of an accepted action: C closed-loop clients POST power-on to the gateway of a
/// <see cref="PipelineServer"/> process whose grains answer in memory; the server's CPU time and allocated bytes
/// over the window are reported per request.
/// </summary>
internal static class PipelineBenchmark
{
    public static async Task<int> RunAsync(int clients, int seconds, int warmUpSeconds, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        start.ArgumentList.Add("pipeline-server");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"{key}={value}");
        }

        using var server = Process.Start(start) ?? throw new InvalidOperationException("The pipeline server did not start.");
        try
        {
            string? line;
            while ((line = await server.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith(PipelineServer.ListeningPrefix, StringComparison.Ordinal))
            {
            }

            var address = new Uri((line ?? throw new InvalidOperationException("The pipeline server exited before listening."))[PipelineServer.ListeningPrefix.Length..]);
            // Whatever the server says later (its log) is passed on, so that it never waits on a full pipe.
            _ = Task.Run(async () =>
            {
                while (await server.StandardOutput.ReadLineAsync() is { } said)
                {
                    Console.Error.WriteLine("server: " + said);
                }
            });
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 };
            using var http = new HttpClient(handler) { BaseAddress = address };
            var path = "api/nodes/0f8fad5b-d9cb-469f-a165-70867728950e/actions/power-on";
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
            Console.WriteLine($"pipeline: POST /{path}, clients={clients}, seconds={seconds}, warmup={warmUpSeconds}");

            await LoadAsync(http, path, clients, TimeSpan.FromSeconds(warmUpSeconds));
            using (await http.PostAsync("bench/allocations/reset", null))
            {
            }

            var before = await http.GetFromJsonAsync<PipelineStats>("bench/stats") ?? throw new InvalidOperationException("No stats.");
            var clock = Stopwatch.StartNew();
            var (accepted, other) = await LoadAsync(http, path, clients, TimeSpan.FromSeconds(seconds));
            var elapsed = clock.Elapsed;
            var after = await http.GetFromJsonAsync<PipelineStats>("bench/stats") ?? throw new InvalidOperationException("No stats.");
            var requests = Math.Max(1, accepted);
            Console.WriteLine();
            Console.WriteLine("| accepted | other answers | requests/s | server CPU us/request | server bytes/request | gen0/gen1/gen2 |");
            Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {accepted} | {other} | {accepted / elapsed.TotalSeconds:0} | {(after.CpuMilliseconds - before.CpuMilliseconds) * 1000 / requests:0.0} | {(after.AllocatedBytes - before.AllocatedBytes) / requests:0} | {after.Gen0 - before.Gen0}/{after.Gen1 - before.Gen1}/{after.Gen2 - before.Gen2} |"));
            if (settings.GetValueOrDefault("allocations") == "true")
            {
                Console.WriteLine();
                Console.WriteLine("Sampled allocations by type (share of bytes):");
                Console.WriteLine(await http.GetStringAsync("bench/allocations"));
            }

            return other == 0 ? 0 : 1;
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(10_000))
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<(long Accepted, long Other)> LoadAsync(HttpClient http, string path, int clients, TimeSpan duration)
    {
        long accepted = 0;
        long other = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                using var response = await http.PostAsync(path, null);
                await response.Content.LoadIntoBufferAsync();
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
                else if (Interlocked.Increment(ref other) == 1)
                {
                    Console.Error.WriteLine($"unexpected answer {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        return (accepted, other);
    }
}
