using BareMetal.Api.Ironic;
using BareMetal.Storage.Orleans;
using BareMetal.Drivers.Ipmi;
using BareMetal.Drivers.Simulated;
using BareMetal.Host;
using BareMetal.Hosting;
using BareMetal.Provisioning.Nodes;
using BareMetal.Host.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// The BareMetal executable. With no configuration it runs the embedded default: one silo whose grain state and
// reminders live in a SQLite file under the data directory, simulated hardware with a demo fleet, and the HTTP
// API on http://127.0.0.1:5080. BareMetal:Database:Provider=Postgres with BareMetal:Clustering:Enabled=true joins a
// cluster of silos sharing that database; BareMetal:Role chooses silo, gateway or both.
var builder = WebApplication.CreateBuilder(args);
// ASP.NET Core's request lines ("Request starting ... ?api_key=...") print the query string as sent, secrets included,
// at whatever level is configured; BareMetal's request log (BareMetal.Api.Requests, Debug) masks them instead.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
var database = builder.Configuration.GetSection(HostDatabaseOptions.SectionName).Get<HostDatabaseOptions>() ?? new HostDatabaseOptions();
var clustering = builder.Configuration.GetSection(HostClusteringOptions.SectionName).Get<HostClusteringOptions>() ?? new HostClusteringOptions();
var readiness = new HostReadiness();
HostSettings settings;
string dataDirectory;
try
{
    settings = HostSettings.Read(builder.Configuration, clustering.Enabled);
    dataDirectory = Path.GetFullPath(builder.Configuration[HostSettings.DataDirectorySetting] ?? "data");
    var telemetry = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
    OpenTelemetryExport.AddTo(builder.Services, telemetry, builder.Configuration["BareMetal:Silo:SiloName"] ?? Environment.MachineName);
    builder.WebHost.UseUrls(settings.Urls.Select(u => u.ToString().TrimEnd('/')).ToArray());
    builder.Services.AddSingleton(readiness);
    // Authentication brings data protection along; its keys stay with the host's data, not in the user's profile.
    builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
    if (settings.Role == HostRole.Gateway)
    {
        AddClusterClient(builder, database);
    }
    else
    {
        AddSilo(builder, database, clustering, dataDirectory);
    }

    if (settings.Role != HostRole.Silo)
    {
        // Every silo of this host has the redfish hardware type (AddSilo), so the Ironic API accepts and lists it too.
        builder.Services.PostConfigure<BareMetal.Api.Ironic.IronicApiOptions>(o =>
        {
            if (!o.Drivers.Contains(BareMetal.Drivers.Redfish.RedfishHardwareDriver.DriverName, StringComparer.Ordinal))
            {
                o.Drivers.Add(BareMetal.Drivers.Redfish.RedfishHardwareDriver.DriverName);
            }
        });
        builder.Services.AddBareMetalApi(builder.Configuration);
        builder.Services.AddIronicApi(builder.Configuration);
        // Every silo of this host has the ipmi hardware type (AddSilo), so the Ironic API accepts and lists it too.
        builder.Services.PostConfigure<IronicApiOptions>(o =>
        {
            if (!o.Drivers.Contains(IpmiHardwareDriver.DriverName, StringComparer.Ordinal))
            {
                o.Drivers.Add(IpmiHardwareDriver.DriverName);
            }
        });
    }
}
catch (HostConfigurationException exception)
{
    Console.Error.WriteLine($"Invalid configuration: {exception.Message}");
    return 2;
}

var app = builder.Build();
app.MapGet("/health/live", () => Results.Json(new { status = "live" })).ExcludeFromDescription();
app.MapGet("/health/ready", (HostReadiness state) => state.NotReadyReason is { } reason
        ? Results.Json(new { status = "not ready", reason }, statusCode: StatusCodes.Status503ServiceUnavailable)
        : Results.Json(new { status = "ready" }))
    .ExcludeFromDescription();
if (settings.Role != HostRole.Silo)
{
    app.MapBareMetalApi();
    app.MapBareMetalDashboard();
    // Orleans' dashboard shows every grain type, silo and method: cluster internals, for admins only.
    app.MapOrleansDashboard("/orleans").RequireAuthorization(BareMetal.Api.Security.ApiRoles.Admin).ExcludeFromDescription();
    app.MapIronicApi();
}

try
{
    await app.StartAsync();
}
catch (OptionsValidationException exception)
{
    Console.Error.WriteLine($"Invalid configuration: {string.Join(" ", exception.Failures)}");
    return 2;
}
catch (IOException exception)
{
    Console.Error.WriteLine($"Invalid configuration: {HostSettings.UrlsSetting} could not be bound ({exception.Message}).");
    return 2;
}

var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
if (settings.DevMode && settings.Role != HostRole.Silo && addresses.Where(a => !HostSettings.IsLoopback(a)).ToList() is { Count: > 0 } exposed)
{
    // Whatever configured them (a setting read above, or one of the server's own): what is bound is what counts.
    Console.Error.WriteLine($"Invalid configuration: {HostSettings.DevModeExposed(string.Join(", ", exposed)).Message}");
    await app.StopAsync();
    return 2;
}

var local = app.Services.GetService<ILocalSiloDetails>();
if (local is not null && clustering.Enabled)
{
    Console.WriteLine($"BareMetal silo {local.SiloAddress} running in cluster mode; gateway port {local.GatewayAddress?.Endpoint.Port ?? 0}.");
}
else if (settings.Role != HostRole.Gateway)
{
    Console.WriteLine($"BareMetal silo running (embedded default, {database.Provider}, data in {dataDirectory}).");
}

foreach (var address in addresses)
{
    Console.WriteLine(settings.Role == HostRole.Silo
        ? $"Health endpoints: {address}/health/live, {address}/health/ready (role silo: no API)."
        : $"BareMetal API: {address}/api (OpenAPI document: {address}/openapi/v1.json; dashboard: {address}/dashboard; Ironic-compatible API: {address}/v1).");
}

if (settings.DevMode && settings.Role != HostRole.Silo)
{
    var warning = "DEV MODE: no API keys are configured (BareMetal:Api:Keys), so every request is accepted as admin. "
        + "The API listens on loopback only. Configure keys before exposing it.";
    app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BareMetal.Host").LogWarning("{Warning}", warning);
    Console.WriteLine("WARNING: " + warning);
}

Console.WriteLine("Press Ctrl+C to stop.");
Console.Out.Flush();
await app.WaitForShutdownAsync();
return 0;

static void AddSilo(WebApplicationBuilder builder, HostDatabaseOptions database, HostClusteringOptions clustering, string dataDirectory)
{
    builder.UseOrleans(silo =>
    {
        OrleansSiloSetup.Configure(silo, builder.Configuration, database, clustering, dataDirectory);
        silo.AddBareMetalTracing();
        // Orleans' own dashboard (grains, silos, calls), served by the HTTP host at /orleans.
        silo.AddDashboard();
        // The provisioning domain and its drivers: the simulated "fake-hardware", "ipmi" and "redfish" are always there.
        silo.Services.AddNodeProvisioning();
        silo.Services.AddFleetServices();
        silo.Services.AddClusterStatistics();
        silo.Services.AddOptions<NodeProvisioningOptions>().Bind(builder.Configuration.GetSection(NodeProvisioningOptions.SectionName));
        silo.Services.AddSimulatedDrivers();
        silo.Services.AddOptions<SimulatedDriverOptions>().Bind(builder.Configuration.GetSection("BareMetal:" + SimulatedDriverOptions.SectionName));
        // Real BMCs over IPMI (ipmitool); its deploy agent is still the simulated one.
        silo.Services.AddIpmiDriver();
        silo.Services.AddOptions<IpmiDriverOptions>().Bind(builder.Configuration.GetSection("BareMetal:" + IpmiDriverOptions.SectionName));
        // Real BMCs over Redfish (HTTPS); its deploy agent is still the simulated one.
        silo.Services.AddRedfishDriver();
        silo.Services.AddOptions<BareMetal.Drivers.Redfish.RedfishDriverOptions>()
            .Bind(builder.Configuration.GetSection("BareMetal:" + BareMetal.Drivers.Redfish.RedfishDriverOptions.SectionName));
    });

    // After the silo's hosted service: started means the silo is up (and has joined its cluster).
    builder.Services.AddHostedService<SiloReadinessService>();

    // The demo fleet belongs to the embedded default; a cluster gets one only when asked for explicitly.
    var demo = builder.Configuration.GetSection(DemoFleetOptions.SectionName).Get<DemoFleetOptions>() ?? new DemoFleetOptions();
    var demoExplicit = builder.Configuration[DemoFleetOptions.SectionName + ":Nodes"] is not null;
    if (demo.Nodes < 0 || demo.Nodes > 10_000)
    {
        throw new HostConfigurationException($"{DemoFleetOptions.SectionName}:Nodes must be between 0 and 10000 (was {demo.Nodes}).");
    }

    if (demo.Nodes > 0 && (!clustering.Enabled || demoExplicit))
    {
        var marker = Path.Combine(dataDirectory, "demo-fleet.created");
        builder.Services.AddHostedService(sp => new DemoFleet(
            sp.GetRequiredService<IGrainFactory>(),
            demo.Nodes,
            marker,
            sp.GetRequiredService<ILogger<DemoFleet>>()));
    }
}

static void AddClusterClient(WebApplicationBuilder builder, HostDatabaseOptions database)
{
    var client = builder.Configuration.GetSection(GatewayClientOptions.SectionName).Get<GatewayClientOptions>() ?? new GatewayClientOptions();
    // Without a list, the gateways come from the cluster's membership table: only silos the cluster counts as active,
    // so a silo declared dead (a frozen one too) stops receiving this gateway's calls within a refresh period.
    var membership = string.Equals(database.Provider, "Postgres", StringComparison.OrdinalIgnoreCase) ? database.ConnectionString : null;
    if (client.Gateways.Count == 0 && membership is null)
    {
        throw new HostConfigurationException($"{GatewayClientOptions.SectionName}:Gateways must list at least one silo gateway (host:port) when {HostSettings.RoleSetting} is gateway, unless {HostDatabaseOptions.SectionName} names the cluster's PostgreSQL database.");
    }

    if (client.ResponseTimeout <= TimeSpan.Zero)
    {
        throw new HostConfigurationException($"{GatewayClientOptions.SectionName}:ResponseTimeout must be positive.");
    }

    // A blank client secret is no secret: the transport's secret applies, as when none is set.
    var secret = ClusterTransportOptions.Effective(client.ClusterSecret) is { Length: > 0 } own
        ? own
        : ClusterTransportOptions.Effective(builder.Configuration[OrleansSiloSetup.ClusterSecretSetting]);
    ClusterTransportOptions.EnsureStrongEnough(
        secret,
        client.Gateways.Where(g => !GatewayClientOptions.IsLoopback(g)).Select(g => $"{GatewayClientOptions.SectionName}:Gateways ({g})").ToList(),
        $"{GatewayClientOptions.SectionName}:ClusterSecret (or {OrleansSiloSetup.ClusterSecretSetting})");
    try
    {
        builder.Services.AddBareMetalClusterClient(
            options =>
            {
                options.ClusterId = client.ClusterId ?? builder.Configuration["BareMetal:Silo:ClusterId"] ?? "dev";
                options.ServiceId = builder.Configuration["BareMetal:Silo:ServiceId"] ?? options.ServiceId;
                options.ClusterSecret = secret;
                options.ResponseTimeout = client.ResponseTimeout;
                foreach (var gateway in client.Gateways)
                {
                    options.Gateways.Add(gateway);
                }

                if (client.Gateways.Count == 0 && membership is not null)
                {
                    options.DiscoverGateways = orleans => orleans.UseBareMetalPostgres(o => o.ConnectionString = membership);
                }
            },
            // The gateway serves Orleans' dashboard too; its data comes from the silos' dashboard grains.
            orleans => orleans.AddDashboard());
        // After the Orleans client's hosted service: started means connected to a gateway.
        builder.Services.AddHostedService<SiloReadinessService>();
    }
    catch (ArgumentException exception)
    {
        throw new HostConfigurationException($"{GatewayClientOptions.SectionName}:Gateways: {exception.Message}");
    }
}

/// <summary>The entry point's type, public so that tests can locate the assembly.</summary>
public partial class Program
{
}
