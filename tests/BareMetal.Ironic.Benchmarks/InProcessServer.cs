using System.Net;
using BareMetal.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BareMetal.Ironic.Benchmarks;

/// <summary>
/// One BareMetal process as a benchmark target: a silo (SQLite in a temp file, or memory), the simulated
/// fake-hardware driver without latencies, the fleet index and the Ironic API on 127.0.0.1, no auth.
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _dataDirectory;

    private InProcessServer(WebApplication app, string? dataDirectory, Uri address)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<InProcessServer> StartAsync(string storage)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        string? dataDirectory = null;
        if (storage == "sqlite")
        {
            dataDirectory = Directory.CreateTempSubdirectory("baremetal-ironic-bench-").FullName;
        }

        var connection = dataDirectory is null ? null : $"Data Source={Path.Combine(dataDirectory, "baremetal.db")}";
        builder.AddBenchmarkSilo(connection, silo =>
        {
            silo.Services.AddNodeProvisioning();
            silo.Services.AddFleetServices();
            // Ironic's fake-hardware answers at once; so does the simulated driver here, for a like-for-like comparison.
            silo.Services.AddSimulatedDrivers(o =>
            {
                o.PowerLatency = TimeSpan.Zero;
                o.ImageWriteLatency = TimeSpan.Zero;
                o.CleanLatency = TimeSpan.Zero;
                o.TearDownLatency = TimeSpan.Zero;
            });
        });
        builder.Services.AddIronicApi(builder.Configuration);
        builder.Services.AddAuthorization(o =>
        {
            foreach (var policy in new[] { "reader", "operator", "admin" })
            {
                o.AddPolicy(policy, p => p.RequireAssertion(_ => true));
            }
        });
        var app = builder.Build();
        app.MapIronicApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessServer(app, dataDirectory, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
