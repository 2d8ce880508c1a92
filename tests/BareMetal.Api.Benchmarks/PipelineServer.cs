using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BareMetal.Api.Benchmarks;

/// <summary>
/// The gateway composed as the host composes it (same builder, services and middleware), in front of
/// <see cref="CannedGrainFactory"/>, in a process of its own so that its CPU time and allocations are its alone.
/// </summary>
internal static class PipelineServer
{
    /// <summary>The line that tells the benchmark where the server listens.</summary>
    public const string ListeningPrefix = "listening ";

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> settings)
    {
        using var allocations = settings.GetValueOrDefault("allocations") == "true" ? new AllocationSampler() : null;
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(CannedGrainFactory.Create());
        builder.Services.AddBareMetalApi(builder.Configuration);
        var app = builder.Build();
        app.MapBareMetalApi();
        app.MapBareMetalDashboard();
        app.MapGet("/bench/stats", () => Results.Json(new PipelineStats(
            Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds,
            GC.GetTotalAllocatedBytes(precise: true),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2)))).AllowAnonymous();
        app.MapPost("/bench/allocations/reset", () => allocations?.Reset()).AllowAnonymous();
        app.MapGet("/bench/allocations", () => allocations is null
            ? "allocation sampling is off (allocations=true turns it on)"
            : string.Join('\n', allocations.Top(40).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Share,7:P1}  {t.Type}")))).AllowAnonymous();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(ListeningPrefix + address);
        Console.Out.Flush();

        // Runs until the benchmark closes standard input (or goes away).
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }
}

/// <summary>The server's counters, read before and after the measured window.</summary>
internal sealed record PipelineStats(double CpuMilliseconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2);
