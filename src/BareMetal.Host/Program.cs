using BareMetal.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// The embedded default: one silo whose grain state and reminders live in a SQLite file under the
// data directory. The gateway, dashboard and simulated fleet are added by the host and gateway work.
var builder = Host.CreateApplicationBuilder(args);
var dataDirectory = Path.GetFullPath(builder.Configuration["BareMetal:DataDirectory"] ?? "data");
Directory.CreateDirectory(dataDirectory);
var connectionString = $"Data Source={Path.Combine(dataDirectory, "baremetal.db")}";

builder.AddBareMetalSilo(silo => silo
    .AddSqliteGrainStorageAsDefault(options => options.ConnectionString = connectionString)
    .UseSqliteReminders(options => options.ConnectionString = connectionString));

using var host = builder.Build();
await host.StartAsync();
Console.WriteLine($"BareMetal silo running (embedded default, SQLite at {dataDirectory}). No gateway yet: the REST API and dashboard come with the gateway work. Press Ctrl+C to stop.");
await host.WaitForShutdownAsync();
