using System.Net;
using BareMetal.Ironic.Benchmarks;
using BareMetal.Drivers.Ipmi;
using BareMetal.Drivers.Ipmi.Lan;
using BareMetal.Hosting;
using BareMetal.Provisioning.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BareMetal.Ipmi.Benchmarks;

/// <summary>
/// One BareMetal process as the benchmark target: a silo (SQLite state and reminders in a temp folder, as the host's
/// embedded default), the ipmi hardware type, the
/// fleet index and the Ironic API on 127.0.0.1 without auth. Power sync records drift (does not enforce it), so a
/// power change made at the BMCs shows, node by node, when each node's sync has read it.
/// </summary>
internal sealed class IpmiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private IpmiServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The ipmitool runner of the silo, for its process counters.</summary>
    public IpmiToolRunner Ipmitool => _app.Services.GetRequiredService<IpmiToolRunner>();

    /// <summary>The native IPMI client of the silo, for its read and session counters.</summary>
    public IpmiLanClient Lan => _app.Services.GetRequiredService<IpmiLanClient>();

    public static async Task<IpmiServer> StartAsync(IpmiBenchmarkSettings settings)
    {
        var builder = WebApplication.CreateBuilder();
        // Errors only: every drift the round provokes is a warning, and syncs in flight at shutdown log their loss.
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Error)
            .AddFilter("BareMetal.Provisioning.Nodes.NodeGrain", LogLevel.None);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BareMetal:Reminders:MinimumReminderPeriod"] = "00:00:01",
        });
        var dataDirectory = Directory.CreateTempSubdirectory("baremetal-ipmi-bench-").FullName;
        var connection = $"Data Source={Path.Combine(dataDirectory, "baremetal.db")}";
        builder.AddBenchmarkSilo(connection, silo =>
        {
            silo.Services.AddNodeProvisioning();
            silo.Services.AddFleetServices();
            silo.Services.Configure<NodeProvisioningOptions>(o =>
            {
                o.PowerSyncInterval = settings.SyncInterval;
                o.EnforcePowerState = false;
                o.PowerActionTimeout = TimeSpan.FromMinutes(5);
            });
            silo.Services.AddIpmiDriver(o =>
            {
                o.MaxConcurrentProcesses = settings.MaxProcesses;
                o.PowerStatusClient = settings.Client;
            });
        });
        builder.Services.AddIronicApi(builder.Configuration);
        builder.Services.PostConfigure<BareMetal.Api.Ironic.IronicApiOptions>(o => o.Drivers.Add(IpmiHardwareDriver.DriverName));
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
        return new IpmiServer(app, dataDirectory, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
