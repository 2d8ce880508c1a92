using System.Reflection;
using BareMetal.Drivers.Simulated;
using BareMetal.Host;
using BareMetal.Hosting;
using BareMetal.Provisioning.Nodes;
using BareMetal.Runtime.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The BareMetal executable. With no configuration it runs the embedded default: one silo whose
// grain state and reminders live in a SQLite file under the data directory. With
// BareMetal:Database:Provider=Postgres and BareMetal:Clustering:Enabled=true it joins a cluster of
// silos sharing that database. The gateway, dashboard and simulated fleet come with later work.
var builder = Host.CreateApplicationBuilder(args);
var database = builder.Configuration.GetSection(HostDatabaseOptions.SectionName).Get<HostDatabaseOptions>() ?? new HostDatabaseOptions();
var clustering = builder.Configuration.GetSection(HostClusteringOptions.SectionName).Get<HostClusteringOptions>() ?? new HostClusteringOptions();

try
{
    builder.AddBareMetalSilo(silo =>
    {
        ConfigureDatabase(silo, database, clustering, builder.Configuration);
        // The provisioning domain and its drivers; the simulated "fake-hardware" driver is always there.
        silo.Services.AddNodeProvisioning();
        silo.Services.AddOptions<NodeProvisioningOptions>().Bind(builder.Configuration.GetSection(NodeProvisioningOptions.SectionName));
        silo.Services.AddSimulatedDrivers();
        silo.Services.AddOptions<SimulatedDriverOptions>().Bind(builder.Configuration.GetSection("BareMetal:" + SimulatedDriverOptions.SectionName));
        foreach (var path in clustering.GrainAssemblies)
        {
            silo.AddGrainAssembly(LoadGrainAssembly(path));
        }
    });
}
catch (HostConfigurationException exception)
{
    Console.Error.WriteLine($"Invalid configuration: {exception.Message}");
    return 2;
}

using var host = builder.Build();
await host.StartAsync();
var local = host.Services.GetService<ILocalSiloDetails>();
Console.WriteLine(local is null
    ? $"BareMetal silo running (embedded default, {database.Provider}). No gateway yet: the REST API and dashboard come with the gateway work. Press Ctrl+C to stop."
    : $"BareMetal silo {local.SiloAddress} running in cluster mode; gateway port {local.GatewayPort}. Press Ctrl+C to stop.");
Console.Out.Flush();
await host.WaitForShutdownAsync();
return 0;

static void ConfigureDatabase(ISiloBuilder silo, HostDatabaseOptions database, HostClusteringOptions clustering, IConfiguration configuration)
{
    switch (database.Provider.ToUpperInvariant())
    {
        case "SQLITE":
            var dataDirectory = Path.GetFullPath(configuration["BareMetal:DataDirectory"] ?? "data");
            Directory.CreateDirectory(dataDirectory);
            var sqlite = database.ConnectionString ?? $"Data Source={Path.Combine(dataDirectory, "baremetal.db")}";
            silo.AddSqliteGrainStorageAsDefault(o => o.ConnectionString = sqlite)
                .UseSqliteReminders(o => o.ConnectionString = sqlite);
            if (clustering.Enabled)
            {
                silo.UseSqliteClustering(o => o.ConnectionString = sqlite);
            }

            break;
        case "POSTGRES":
            var postgres = database.ConnectionString
                ?? throw new HostConfigurationException($"{HostDatabaseOptions.SectionName}:ConnectionString must be set when {HostDatabaseOptions.SectionName}:Provider is Postgres.");
            silo.AddPostgresGrainStorageAsDefault(o => o.ConnectionString = postgres)
                .UsePostgresReminders(o => o.ConnectionString = postgres);
            if (clustering.Enabled)
            {
                silo.UsePostgresClustering(o => o.ConnectionString = postgres);
            }

            break;
        default:
            throw new HostConfigurationException($"{HostDatabaseOptions.SectionName}:Provider must be Sqlite or Postgres (was '{database.Provider}').");
    }
}

static Assembly LoadGrainAssembly(string path)
{
    var full = Path.GetFullPath(path);
    if (!File.Exists(full))
    {
        throw new HostConfigurationException($"{HostClusteringOptions.SectionName}:GrainAssemblies names '{full}', which does not exist.");
    }

    return Assembly.LoadFrom(full);
}
