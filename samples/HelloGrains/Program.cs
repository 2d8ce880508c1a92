using BareMetal.Storage.Orleans;
using HelloGrains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Hosting;

// An Orleans silo in a console app, alone on this machine: grain state in a SQLite file next to the binary, kept by
// BareMetal's group-commit grain storage as the host keeps it.
var builder = Host.CreateApplicationBuilder(args);
var database = Path.Combine(AppContext.BaseDirectory, "hello.db");
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering();
    silo.AddBareMetalSqliteGrainStorageAsDefault("Default", o => o.ConnectionString = $"Data Source={database}");
});
using var host = builder.Build();
await host.StartAsync();

var server = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IPowerGrain>("rack1-node7");
Console.WriteLine($"rack1-node7 was: {await server.Get()}");
var changes = await server.Set("power on");
Console.WriteLine($"rack1-node7 is now: {await server.Get()} (changed {changes} times; run again and the count goes on)");
await host.StopAsync();
