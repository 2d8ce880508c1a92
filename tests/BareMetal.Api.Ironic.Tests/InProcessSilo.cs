using BareMetal.Storage.Orleans.GrainStorage;
using BareMetal.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>The Orleans silo every in-process Ironic test host runs next to its API.</summary>
internal static class InProcessSilo
{
    /// <summary>
    /// Hosts one silo in the app, alone on loopback on free ports (test classes run side by side), with grain states
    /// in memory stored as BareMetal stores them (System.Text.Json) and reminders in memory. <c>BareMetal:Reminders</c>
    /// binds Orleans' reminder options, as in the host, so a test can allow short reminder periods.
    /// </summary>
    public static void AddInMemorySilo(this WebApplicationBuilder builder, Action<ISiloBuilder> configure)
    {
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreeTcpPort.Next(), gatewayPort: FreeTcpPort.Next());
            silo.AddMemoryGrainStorageAsDefault(o => o.GrainStorageSerializer = new GrainStateJsonSerializer([]));
            silo.UseInMemoryReminderService();
            silo.Services.AddOptions<ReminderOptions>().Bind(builder.Configuration.GetSection("BareMetal:Reminders"));
            configure(silo);
        });
    }
}
