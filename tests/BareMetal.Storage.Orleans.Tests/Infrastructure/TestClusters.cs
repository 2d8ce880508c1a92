using System.Reflection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace BareMetal.Storage.Orleans.Tests.Infrastructure;

/// <summary>
/// Orleans' in-process test clusters whose silos use our clustering, reminders and storage instead of the
/// testing host's in-memory membership.
/// </summary>
public static class TestClusters
{
    /// <summary>Builds and deploys a cluster; the same ids on the same database make a restarted cluster of the same service.</summary>
    public static async Task<InProcessTestCluster> StartAsync(StorageEngine engine, short silos, string serviceId, string clusterId)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = clusterId;
        UseOurMembership(builder.Options);
        builder.ConfigureSilo((_, silo) =>
        {
            engine.ConfigureSilo(silo);

            // Failure detection in seconds rather than Orleans' default 15-30 s, so a killed silo is declared dead
            // well inside the test's deadline; loose enough that a busy 2-core machine does not evict live silos.
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = TimeSpan.FromSeconds(1);
                membership.NumMissedProbesLimit = 3;
                membership.NumVotesForDeathDeclaration = 1;
                membership.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });

            // Reminders tick every second in tests; Orleans refuses periods under a minute unless told otherwise.
            silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        builder.ConfigureClient(client =>
        {
            engine.ConfigureClient(client);
            client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        });

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The in-process cluster registers its own in-memory membership table and gateway list after every delegate of
    /// ours, so it would win over our SQL. Its switch (UseTestClusterMembership) is in the assembly but not
    /// accessible to callers of Orleans.TestingHost 10.4.2, hence reflection; it fails loudly if the property goes.
    /// </summary>
    private static void UseOurMembership(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterMembership is gone; find the new way to turn the in-memory membership off.");
        property.SetValue(options, false);
    }

    /// <summary>Stops every silo gracefully and releases the cluster.</summary>
    public static async Task StopAsync(InProcessTestCluster cluster)
    {
        try
        {
            await cluster.StopAllSilosAsync();
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
