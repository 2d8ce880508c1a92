using BareMetal.Storage.Orleans.GrainStorage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace BareMetal.Dashboard.Tests;

/// <summary>Silos of Orleans' in-process test cluster with BareMetal's grains, in-memory storage and reminders.</summary>
internal static class InProcessSilos
{
    /// <summary>Starts <paramref name="count"/> silos and waits until they agree on who is alive.</summary>
    public static async Task<InProcessTestCluster> StartAsync(int count, Action<ISiloBuilder> configure)
    {
        var builder = new InProcessTestClusterBuilder(checked((short)count));
        builder.ConfigureSilo((_, silo) =>
        {
            // States are stored as BareMetal stores them (System.Text.Json), not with Orleans' Newtonsoft default.
            silo.AddMemoryGrainStorageAsDefault(o => o.GrainStorageSerializer = new GrainStateJsonSerializer([]));
            silo.UseInMemoryReminderService();
            configure(silo);
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            await cluster.WaitForLivenessToStabilizeAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>The grain factory of the cluster's first silo.</summary>
    public static IGrainFactory GrainFactory(this InProcessTestCluster cluster) => cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();
}
