using System.Collections.Immutable;
using System.Globalization;
using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;
using BareMetal.Runtime;

namespace BareMetal.Provisioning.Nodes;

// Power-state sync (Ironic's sync_power_state periodic task, per node). The durable "power-sync" reminder is
// registered once, when the node first gets past enroll and verifying (its management was validated, so its
// BMC can be reached), and stays for the node's life; a tick does nothing while a step is in flight or queued,
// in maintenance, or back in enroll. The BMC call runs outside the turn and reports through PowerSyncCompleted;
// only the latest sync of this activation is accepted, and launching a step invalidates it, so a reading taken
// before a step changed the power is never mistaken for drift. Maintenance set for a power failure is not
// lifted by a later good read in this slice (Ironic's power_failure_recovery_interval task is not implemented):
// the tick skips nodes in maintenance, so an operator must clear it.
public sealed partial class NodeGrain
{
    internal const string PowerSyncReminder = "power-sync";

    private long _powerSync;
    private bool _powerSyncInFlight;
    private DateTimeOffset _powerSyncStartedAt;

    /// <inheritdoc />
    public async Task PowerSyncCompleted(NodePowerSyncReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!_powerSyncInFlight || report.Sync != _powerSync)
        {
            LogStalePowerSync(Id, report.Sync);
            return;
        }

        _powerSyncInFlight = false;
        var current = node.State;
        if (!current.Exists || !CanSyncPower(current))
        {
            return;
        }

        if (report.Reading is not { } reading)
        {
            await Save(PowerSyncFailed(current, report.Error ?? "the power sync failed"));
            return;
        }

        var next = current with { PowerSyncFailures = 0 };
        PowerState? restore = null;
        if (report.Restored)
        {
            next = Record(next, "power-restored", $"power restored to {Name(reading)}");
        }
        else if (current.PowerState == PowerState.Unknown)
        {
            next = Record(next with { PowerState = reading }, "power-read", $"power state read: {Name(reading)}");
        }
        else if (reading != current.PowerState)
        {
            var drift = $"power drift: recorded {Name(current.PowerState)}, hardware {Name(reading)}";
            // Only a definite state can be pushed back; a recorded "error" yields to whatever the hardware says.
            restore = _options.EnforcePowerState && current.PowerState is PowerState.On or PowerState.Off ? current.PowerState : null;
            LogPowerDrift(Id, current.PowerState, reading, restore is not null);
            Diagnostics.ProvisioningTelemetry.PowerDrift();
            next = restore is null
                ? Record(next with { PowerState = reading }, "power-drift", $"{drift}; hardware state accepted")
                : Record(next, "power-drift", $"{drift}; restoring {Name(current.PowerState)}");
        }

        if (next != current)
        {
            await Save(next);
        }

        if (restore is { } target)
        {
            StartPowerSync(target);
        }
    }

    private async Task PowerSyncTick()
    {
        var current = node.State;
        if (!current.Exists)
        {
            await DisarmPowerSync();
            return;
        }

        // A report lost on its way back (its worker logged why) must not stop this activation's syncs for good.
        var stuck = timeProvider.GetUtcNow() - _powerSyncStartedAt > _options.PowerActionTimeout + _options.PowerSyncInterval;
        if (CanSyncPower(current) && (!_powerSyncInFlight || stuck))
        {
            StartPowerSync(null);
        }
    }

    private NodeState PowerSyncFailed(NodeState state, string error)
    {
        var failures = state.PowerSyncFailures + 1;
        var max = _options.PowerSyncMaxFailures;
        LogPowerSyncFailed(Id, failures, max, error);
        state = Record(state with { PowerSyncFailures = failures }, "power-sync-failed", $"power sync failed ({failures} of {max}): {error}");
        if (failures < max)
        {
            return state;
        }

        var reason = $"power failure: {error}";
        LogPowerFailureMaintenance(Id, failures, reason);
        return Record(state with { Maintenance = true, MaintenanceReason = reason }, "maintenance", $"maintenance on: {reason}");
    }

    // Reads the power state, or sets it to restore when given, on the thread pool outside the turn.
    private void StartPowerSync(PowerState? restore)
    {
        _powerSync++;
        _powerSyncInFlight = true;
        _powerSyncStartedAt = timeProvider.GetUtcNow();
        var sync = _powerSync;
        var self = this.AsReference<INodePowerSyncGrain>();
        var state = node.State;
        var context = new NodeDriverContext(Id, state.DriverInfo, ImmutableDictionary<string, string>.Empty);
        var power = drivers.GetDriver(state.Driver).Power;
        NodeDriverWork.Start(() => driverWork.RunPowerSyncAsync(self, power, context, sync, restore));
    }

    private static bool NeedsPowerSync(NodeState state) =>
        state.Exists && !state.PowerSyncArmed && state.ProvisionState is not (ProvisionState.Enroll or ProvisionState.Verifying);

    private static bool CanSyncPower(NodeState state) =>
        !state.Maintenance && state.Step is null && state.Queue.IsEmpty
        && state.ProvisionState is not (ProvisionState.Enroll or ProvisionState.Verifying);

    private async Task ArmPowerSync()
    {
        var interval = _options.PowerSyncInterval;
        // Up to a tenth of the interval, so that nodes managed together do not all read their BMCs at once.
#pragma warning disable CA5394 // Spreading load, not security.
        var jitter = TimeSpan.FromTicks((long)(interval.Ticks * 0.1 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
        await this.RegisterOrUpdateReminder(PowerSyncReminder, interval + jitter, interval);
    }

    private async Task DisarmPowerSync()
    {
        if (await this.GetReminder(PowerSyncReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void InvalidatePowerSync()
    {
        _powerSync++;
        _powerSyncInFlight = false;
    }

    private static string Name(PowerState state) => state.ToIronicName() ?? "unknown";
}
