using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Operations;
using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Fleet;

public sealed class OperationIndexPersistenceTests
{
    private const int FinishedInMemory = 20;
    private const int FinishedWritten = 3;

    [Fact]
    public async Task After_a_silo_restart_a_node_lists_its_unfinished_operations_and_only_the_most_recently_finished_ones()
    {
        await using var cluster = await ProvisioningTestCluster.StartAsync(configureServices: services => services
            .AddNodeProvisioning()
            .AddSimulatedDrivers()
            .AddFleetServices(o =>
            {
                o.FinishedOperationsPerShard = FinishedInMemory;
                o.PersistedFinishedOperationsPerShard = FinishedWritten;
            }));
        var nodeId = Guid.NewGuid().ToString();
        var unfinished = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            unfinished.Add(await CreateAsync(cluster, nodeId, OperationAction.Deploy));
        }

        var finished = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var id = await CreateAsync(cluster, nodeId, OperationAction.Reboot);
            await cluster.GrainFactory.GetGrain<IOperationGrain>(id).Cancel("not needed");
            finished.Add(id);
        }

        var before = (await FleetQueries.ListOperationsAsync(cluster.GrainFactory, new OperationQuery(NodeId: nodeId, Limit: 100))).Operations;
        var newestFinished = before.Where(o => o.Status.IsTerminal())
            .OrderByDescending(o => o.EndedAt)
            .ThenByDescending(o => o.Id, StringComparer.Ordinal)
            .Take(FinishedWritten)
            .Select(o => o.Id)
            .ToHashSet(StringComparer.Ordinal);

        await cluster.RestartSiloAsync();
        var after = (await FleetQueries.ListOperationsAsync(cluster.GrainFactory, new OperationQuery(NodeId: nodeId, Limit: 100))).Operations;

        // While the silo lived the listing had everything; after the restart the short written tail remains.
        Assert.Equal(unfinished.Count + finished.Count, before.Count);
        Assert.Equal(
            unfinished.Concat(newestFinished).Order(StringComparer.Ordinal),
            after.Select(o => o.Id).Order(StringComparer.Ordinal));
        Assert.All(after.Where(o => unfinished.Contains(o.Id)), o => Assert.Equal(OperationStatus.Queued, o.Status));
        Assert.All(after.Where(o => newestFinished.Contains(o.Id)), o => Assert.Equal(OperationStatus.Cancelled, o.Status));

        // An older finished operation left the listing, not the system: its own grain still answers.
        var dropped = finished.First(id => !newestFinished.Contains(id));
        Assert.Equal(OperationStatus.Cancelled, (await cluster.GrainFactory.GetGrain<IOperationGrain>(dropped).Get()).Status);
    }

    private static async Task<string> CreateAsync(ProvisioningTestCluster cluster, string nodeId, OperationAction action)
    {
        var id = OperationIds.New();
        await cluster.GrainFactory.GetGrain<IOperationGrain>(id).Create(new OperationRequest(nodeId, action));
        return id;
    }
}
