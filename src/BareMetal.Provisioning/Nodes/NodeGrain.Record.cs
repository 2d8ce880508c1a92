using System.Collections.Immutable;
using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Provisioning.Nodes;

// Editing and deleting the node record. Names are unique in the fleet through one INodeNameGrain per name:
// a rename claims the new name before the write and releases the old one after it, so a name is never free
// while a node still answers to it.
public sealed partial class NodeGrain
{
    /// <inheritdoc />
    public async Task<NodeView> Update(NodeEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var current = Existing();
        if (string.IsNullOrWhiteSpace(edit.Name))
        {
            throw new NodeRequestRefusedException(Id, "update", "a name is required");
        }

        if (edit.Driver != current.Driver)
        {
            if (!drivers.TryGetDriver(edit.Driver ?? string.Empty, out _))
            {
                throw new NodeRequestRefusedException(Id, "update", UnknownDriver(edit.Driver));
            }

            if (!current.Queue.IsEmpty)
            {
                var running = current.Queue[0];
                throw new NodeRequestRefusedException(
                    Id,
                    "update",
                    $"the driver cannot change while operations are pending (operation {running.OperationId}, {running.Action.ToWireName()})",
                    running.OperationId);
            }
        }

        var driverInfo = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in edit.DriverInfo ?? ImmutableDictionary<string, string>.Empty)
        {
            if (value != NodeSecrets.Mask)
            {
                driverInfo[key] = value;
            }
            else if (current.DriverInfo.TryGetValue(key, out var stored))
            {
                // The client echoed back the mask it read: keep the secret it cannot see.
                driverInfo[key] = stored;
            }
            else
            {
                throw new NodeRequestRefusedException(Id, "update", $"driver_info {key} is the mask {NodeSecrets.Mask} but no value is stored for it; send the real value");
            }
        }

        var renamed = edit.Name != current.Name;
        if (renamed)
        {
            await ClaimName("update", edit.Name);
        }

        var next = current with
        {
            Name = edit.Name,
            Driver = edit.Driver!,
            DriverInfo = driverInfo.ToImmutable(),
            Properties = edit.Properties?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, string>.Empty,
            ResourceClass = edit.ResourceClass,
            Traits = Distinct(edit.Traits),
            Owner = edit.Owner,
            Description = edit.Description,
            Extra = edit.Extra?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, string>.Empty,
            InstanceInfo = edit.InstanceInfo is null ? current.InstanceInfo : edit.InstanceInfo.ToImmutableDictionary(StringComparer.Ordinal),
        };
        var changed = ChangedFields(current, next);
        if (changed.Count == 0)
        {
            return ToView(current);
        }

        // Field names only: values may be secrets.
        next = Record(next, "updated", $"updated {string.Join(", ", changed)}");
        await Save(next);
        if (renamed)
        {
            await GrainFactory.GetResolvedGrain<INodeNameGrain>(current.Name).Release(Id);
        }

        return ToView(node.State);
    }

    /// <inheritdoc />
    public async Task Delete(string? requestedBy)
    {
        var current = Existing();
        if (!current.Queue.IsEmpty)
        {
            var running = current.Queue[0];
            throw new NodeRequestRefusedException(
                Id,
                "delete",
                $"operations are pending (operation {running.OperationId}, {running.Action.ToWireName()}); wait for them or cancel them first",
                running.OperationId);
        }

        var state = current.ProvisionState;
        var tearDown = state is ProvisionState.DeployFailed or ProvisionState.CleanFailed or ProvisionState.InspectFailed
            or ProvisionState.Error or ProvisionState.RescueFailed or ProvisionState.UnrescueFailed;
        var allowed = tearDown || state is ProvisionState.Enroll or ProvisionState.Manageable or ProvisionState.Available or ProvisionState.AdoptFailed;
        if (!allowed)
        {
            throw new NodeRequestRefusedException(Id, "delete", $"delete is not allowed in state {state.ToIronicName()}; {DeleteHint(state)}");
        }

        LogNodeDeleted(Id, current.Name, state, requestedBy ?? "an unnamed caller");
        await DisarmStepWatch();
        await DisarmPowerSync();
        await node.ClearStateAsync();
        await ClearHistoryStorage(current);
        InvalidatePowerSync();
        foreach (var operationId in _stepCancellations.Keys.ToList())
        {
            CancelRunningStep(operationId);
        }

        await GrainFactory.GetResolvedGrain<INodeNameGrain>(current.Name).Release(Id);
        await observer.NodeRemoved(Id);
        if (tearDown)
        {
            StartDeletionTearDown(current);
        }

        DeactivateOnIdle();
    }

    // A node deleted from a failure state may still hold an instance or a half-written disk: tear it down on the
    // thread pool (NodeDriverWork.TearDownDeletedAsync).
    private void StartDeletionTearDown(NodeState deleted)
    {
        var context = new NodeDriverContext(Id, deleted.DriverInfo, deleted.Properties);
        var token = new StepToken(Id, "delete", 1, 1);
        if (!drivers.TryGetDriver(deleted.Driver, out var driver))
        {
            return;
        }

        NodeDriverWork.Start(() => driverWork.TearDownDeletedAsync(driver, context, token));
    }

    private static string DeleteHint(ProvisionState state) => state switch
    {
        ProvisionState.Active => "undeploy first",
        ProvisionState.Rescue => "unrescue and undeploy first",
        _ when StateMachine.ProvisionStateMachine.IsTransient(state) => "wait for the running operation to end or cancel it",
        _ => "move the node to manageable first",
    };

    private static List<string> ChangedFields(NodeState before, NodeState after)
    {
        var changed = new List<string>();
        Add(before.Name != after.Name, "name");
        Add(before.Driver != after.Driver, "driver");
        Add(!SameEntries(before.DriverInfo, after.DriverInfo), "driver_info");
        Add(!SameEntries(before.Properties, after.Properties), "properties");
        Add(before.ResourceClass != after.ResourceClass, "resource_class");
        Add(!before.Traits.SequenceEqual(after.Traits, StringComparer.Ordinal), "traits");
        Add(before.Owner != after.Owner, "owner");
        Add(before.Description != after.Description, "description");
        Add(!SameEntries(before.Extra, after.Extra), "extra");
        Add(!SameEntries(before.InstanceInfo, after.InstanceInfo), "instance_info");
        return changed;

        void Add(bool differs, string field)
        {
            if (differs)
            {
                changed.Add(field);
            }
        }
    }

    private static bool SameEntries(ImmutableDictionary<string, string> a, ImmutableDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var value) && value == p.Value);
}
