using BareMetal.Storage.Orleans;
using BareMetal.Storage.Orleans.GrainStorage;
using BareMetal.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace BareMetal.Ironic.Benchmarks;

/// <summary>The Orleans silo a benchmark's in-process BareMetal server runs next to its API.</summary>
internal static class BenchmarkSilo
{
    /// <summary>
    /// Hosts one silo in the app, alone on loopback on free ports. Grain states and reminders live in the SQLite file
    /// of <paramref name="sqliteConnection"/>, on the same providers as the embedded host, or in memory when it is
    /// null. <c>BareMetal:Reminders</c> binds Orleans' reminder options, as in the host.
    /// </summary>
    public static void AddBenchmarkSilo(this WebApplicationBuilder builder, string? sqliteConnection, Action<ISiloBuilder> configure)
    {
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreeTcpPort.Next(), gatewayPort: FreeTcpPort.Next());
            if (sqliteConnection is null)
            {
                silo.AddMemoryGrainStorageAsDefault(o => o.GrainStorageSerializer = new GrainStateJsonSerializer([]));
                silo.UseInMemoryReminderService();
            }
            else
            {
                silo.AddBareMetalSqliteGrainStorageAsDefault("Default", o => o.ConnectionString = sqliteConnection);
                silo.UseBareMetalSqliteReminders(o => o.ConnectionString = sqliteConnection);
            }

            silo.Services.AddOptions<ReminderOptions>().Bind(builder.Configuration.GetSection("BareMetal:Reminders"));
            configure(silo);
        });
    }
}
