using BareMetal.Cluster.Tests.Infrastructure;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Drivers.Simulated;
using Orleans.Runtime;
using BareMetal.TestInfrastructure;
using Xunit.Abstractions;

namespace BareMetal.Cluster.Tests;

/// <summary>
/// The silo running a node's deploy is killed while the image is being written: another silo picks the node
/// up, asks the simulated hardware (files shared by every silo process) what became of the write, and finishes
/// the deploy without writing the image or powering on twice.
/// </summary>
[Collection(ClusterCollection.Name)]
[NeedsPostgres]
public sealed class NodeRecoveryTests(PostgresServer postgres, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_imageWriteLatency = TimeSpan.FromSeconds(6);
    private readonly string _hardware = Path.Combine(Path.GetTempPath(), $"baremetal-hardware-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_hardware))
        {
            Directory.Delete(_hardware, recursive: true);
        }
    }

    [Fact]
    public async Task SiloKilledDuringImageWrite_DeployFinishesOnAnotherSilo_EachHardwareStepRanOnce()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BareMetal__Drivers__Simulated__StateDirectory"] = _hardware,
            ["BareMetal__Drivers__Simulated__ImageWriteLatency"] = s_imageWriteLatency.ToString("c"),
            ["BareMetal__Nodes__TimeoutCheckInterval"] = "00:00:01",
            ["Logging__LogLevel__BareMetal.Provisioning"] = "Information",
        };
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3, output.WriteLine, settings);
        cluster.ClientGrainAssemblies.Add(typeof(INodeGrain).Assembly);
        var hardware = new SimulatedStateDirectory(_hardware);
        var nodeId = $"node-{Guid.NewGuid():N}";
        SiloProcess victim;
        string deployId;
        await using (var client = await cluster.ConnectClientAsync([.. cluster.Silos]))
        {
            var enrolling = client.GrainFactory.GetGrain<INodeGrain>(nodeId);
            await enrolling.Enroll(new NodeEnrollment("rack-1-unit-7", SimulatedHardwareDriver.DriverName));
            await RequestAndWaitAsync(cluster, enrolling, ProvisionEvent.Manage, ProvisionState.Manageable);
            await RequestAndWaitAsync(cluster, enrolling, ProvisionEvent.Provide, ProvisionState.Available);

            deployId = (await enrolling.Request(ProvisionEvent.Deploy, null)).Id;
            await Wait.UntilAsync(
                async () => (await enrolling.Get()).ProvisionState == ProvisionState.WaitCallBack
                    && hardware.ReadExecutions(nodeId).Any(e => e.Kind == SimulatedStepKind.WriteImage),
                "the image write handed to the agent",
                TimeSpan.FromSeconds(20),
                cluster.Describe);
            var hostName = (await cluster.ReadDirectoryAsync(client, [nodeId], k => client.GrainFactory.GetGrain<INodeGrain>(k)))[nodeId];
            victim = cluster.Silos.Single(s => s.Name == hostName);
        }

        var killedAt = cluster.Clock.Elapsed;
        victim.Kill();
        var survivors = cluster.Silos.Where(s => s != victim).ToArray();
        await using var survivorClient = await cluster.ConnectClientAsync(survivors);
        var operation = survivorClient.GrainFactory.GetGrain<IOperationGrain>(deployId);

        // Detection (about 5 s), the reminder moving to a survivor (its refresh period is 5 s), then one step-watch tick.
        await Wait.UntilAsync(
            async () => await TryGetStatusAsync(operation) is OperationStatus.Succeeded or OperationStatus.Failed or OperationStatus.TimedOut,
            $"deploy {deployId} ended after {victim.Name} was killed",
            TimeSpan.FromSeconds(60),
            cluster.Describe);
        output.WriteLine($"deploy ended {(cluster.Clock.Elapsed - killedAt).TotalSeconds:0.0} s after the kill");

        var ended = await operation.Get();
        Assert.True(ended.Status == OperationStatus.Succeeded, $"deploy {ended.Status}: {ended.Error}\n{cluster.Describe()}");
        var node = survivorClient.GrainFactory.GetGrain<INodeGrain>(nodeId);
        var view = await node.Get();
        Assert.Equal((ProvisionState.Active, PowerState.On), (view.ProvisionState, view.PowerState));
        Assert.Equal(SiloStatus.Dead, await cluster.StatusOfAsync(victim));
        Assert.Contains((await cluster.ReadDirectoryAsync(survivorClient, [nodeId], k => survivorClient.GrainFactory.GetGrain<INodeGrain>(k)))[nodeId], survivors.Select(s => s.Name));

        // The simulated hardware counted every step that is not idempotent: the write once (by the dead silo),
        // power on once (by the survivor that recovered the node).
        var executions = hardware.ReadExecutions(nodeId);
        output.WriteLine(string.Join("\n", executions.Select(e => $"{e.At:HH:mm:ss.fff} {e.Kind} {e.Token} pid {e.ProcessId}")));
        var write = Assert.Single(executions, e => e.Kind == SimulatedStepKind.WriteImage);
        Assert.Equal(victim.ProcessId, write.ProcessId);
        Assert.Equal($"{nodeId}/{deployId}/1#1", write.Token);
        var powerOn = Assert.Single(executions, e => e.Kind == SimulatedStepKind.PowerOn);
        Assert.Contains(powerOn.ProcessId, survivors.Select(s => s.ProcessId));
        Assert.Single(executions, e => e.Kind == SimulatedStepKind.Clean);

        // The history says what happened.
        var history = (await node.History()).Where(h => h.OperationId == deployId).ToList();
        var recovered = Assert.Single(history, h => h.Event == "recovered" && h.Message.Contains("continuing", StringComparison.Ordinal));
        Assert.StartsWith("step 1: write image was in flight when the node's silo was lost; the driver reports it ", recovered.Message, StringComparison.Ordinal);
        Assert.Equal("succeeded", history[^1].Event);
    }

    private static async Task RequestAndWaitAsync(ProcessCluster cluster, INodeGrain node, ProvisionEvent verb, ProvisionState state)
    {
        await node.Request(verb, null);
        await Wait.UntilAsync(
            async () => await node.Get() is { PendingOperationIds.Count: 0 } view && view.ProvisionState == state,
            $"{verb} leaving the node {state}",
            TimeSpan.FromSeconds(20),
            cluster.Describe);
    }

    // While the dead silo is being detected, calls to grains it hosted fail; the wait asks again.
    private static async Task<OperationStatus?> TryGetStatusAsync(IOperationGrain operation)
    {
        try
        {
            return (await operation.Get()).Status;
        }
        catch (Exception exception) when (SiloLoss.Reported(exception))
        {
            return null;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
