using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Nodes;
using BareMetal.Runtime;

namespace BareMetal.Benchmarks;

/// <summary>A grain that rewrites a real <see cref="NodeState"/> (16 history and 8 journal entries) on every call.</summary>
public interface INodeStateGrain : IGrainWithIntegerKey
{
    Task<long> Write(long version);
}

public sealed class NodeStateGrain([PersistentState("node")] IPersistentState<NodeState> state) : Grain, INodeStateGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.State.Exists)
        {
            state.State = Sample();
        }

        return Task.CompletedTask;
    }

    public async Task<long> Write(long version)
    {
        state.State = state.State with { Version = version, UpdatedAt = state.State.UpdatedAt.AddTicks(1) };
        await state.WriteStateAsync();
        return version;
    }

    /// <summary>A managed node in the middle of a power action, shaped like the ones the API benchmark writes.</summary>
    public static NodeState Sample()
    {
        var at = new DateTimeOffset(2026, 1, 1, 8, 30, 0, TimeSpan.Zero);
        var history = Enumerable.Range(0, 16).Select(i => new NodeHistoryEntry(
            at.AddSeconds(i), "power", $"Power action power {(i % 2 == 0 ? "off" : "on")} succeeded", ProvisionState.Manageable, ProvisionState.Manageable,
            $"op-{i:D8}-4b1d-9c7e-2f51a3d0c6e8") { TraceId = $"{i:D8}a3f5e2b14c6d8e9f0a1b2c3d4" }).ToImmutableList();
        var journal = Enumerable.Range(0, 8).Select(i => new NodeJournalEntry(
            $"op-{i:D8}-4b1d-9c7e-2f51a3d0c6e8", 1, 1, NodeStepKind.Power, NodeJournalEntryState.Done, at.AddSeconds(i))
            { EndedAt = at.AddSeconds(i).AddMilliseconds(3) }).ToImmutableList();
        return new NodeState
        {
            Exists = true,
            Name = "bench-00042-5f0c3e9a2b7d4c1e8f6a9b0c1d2e3f4a",
            Driver = "fake-hardware",
            DriverInfo = ImmutableDictionary<string, string>.Empty.Add("address", "10.0.0.42").Add("username", "admin").Add("password", "******"),
            Properties = ImmutableDictionary<string, string>.Empty.Add("cpus", "64").Add("memory_mb", "262144").Add("local_gb", "1024").Add("cpu_arch", "x86_64"),
            ResourceClass = "baremetal.large",
            Traits = ["CUSTOM_GPU", "CUSTOM_NVME"],
            ProvisionState = ProvisionState.Manageable,
            PowerState = PowerState.On,
            TargetPowerState = PowerState.Off,
            ProvisionUpdatedAt = at,
            RecentOperations = [.. Enumerable.Range(0, 10).Select(i => $"op-{i:D8}-4b1d-9c7e-2f51a3d0c6e8")],
            PowerSyncArmed = true,
            StepWatchArmed = true,
            Queue = [new PendingNodeOperation("op-00000016-4b1d-9c7e-2f51a3d0c6e8", null, ProvisionState.Manageable, null) { Action = OperationAction.PowerOff, TraceId = "0af7651916cd43dd8448eb211c80319c" }],
            Step = new NodeStep("op-00000016-4b1d-9c7e-2f51a3d0c6e8", 1, 1, NodeStepKind.Power) { Deadline = at.AddMinutes(30), Power = Provisioning.Drivers.PowerAction.Off },
            Journal = journal,
            History = history,
            PendingCompletions = [new OperationCompletion("op-00000015-4b1d-9c7e-2f51a3d0c6e8", OperationStatus.Succeeded, "power on", null)],
            Version = 40,
            CreatedAt = at.AddDays(-3),
            UpdatedAt = at,
        };
    }
}
