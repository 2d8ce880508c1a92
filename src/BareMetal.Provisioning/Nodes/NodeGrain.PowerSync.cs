using System.Collections.Immutable;
using System.Globalization;
using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Provisioning.Nodes;

// Power-state sync (Ironic's sync_power_state periodic task, per node). The durable "power-sync" reminder is
// registered once, when the node first gets past enroll and verifying (its management was validated, so its
// BMC can be reached), and stays for the node's life; a tick does nothing while a step is in flight or queued,
// in maintenance, or back in enroll. The BMC call runs outside the turn and reports through PowerSyncCompleted;
// only the latest sync of this activation is accepted, and launching a step invalidates it, so a reading taken
// before a step changed the power is never mistaken for drift. A node the power-failure rule put in maintenance
// (Fault = "power failure") keeps being read on each tick, as Ironic's power-failure recovery task does (here at
// the sync interval rather than a separate one): the first good read takes it out of maintenance and records the
// hardware's power state; a failed read changes nothing. Maintenance an operator set is never lifted by a sync.
public sealed partial class NodeGrain
{
    internal const string PowerSyncReminder = "power-sync";

    /// <summary>The <see cref="NodeState.Fault"/> of a node the power-failure rule put in maintenance (Ironic's name).</summary>
    public const string PowerFailureFault = "power failure";

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
            if (current.Fault == PowerFailureFault)
            {
                // Still failing: the node already says so in maintenance and last_error; no new history per tick.
                LogPowerRecoveryFailed(Id, report.Error ?? "the power sync failed");
                return;
            }

            await Save(PowerSyncFailed(current, report.Error ?? "the power sync failed"));
            return;
        }

        var next = current with { PowerSyncFailures = 0 };
        PowerState? restore = null;
        if (current.Fault == PowerFailureFault)
        {
            LogPowerRecovered(Id, reading);
            next = Record(
                next with { Maintenance = false, MaintenanceReason = null, Fault = null, PowerState = reading },
                "maintenance",
                $"maintenance off: the BMC answers again (power state {Name(reading)})");
        }
        else if (report.Restored)
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
        var message = $"power sync failed ({failures} of {max}): {error}";
        state = Record(state with { PowerSyncFailures = failures, LastError = message }, "power-sync-failed", message);
        if (failures < max)
        {
            return state;
        }

        var reason = $"power failure: {error}";
        LogPowerFailureMaintenance(Id, failures, reason);
        return Record(state with { Maintenance = true, MaintenanceReason = reason, Fault = PowerFailureFault }, "maintenance", $"maintenance on: {reason}");
    }

    // Reads the power state, or sets it to restore when given, on the thread pool outside the turn.
    private void StartPowerSync(PowerState? restore)
    {
        _powerSync++;
        _powerSyncInFlight = true;
        _powerSyncStartedAt = timeProvider.GetUtcNow();
        var sync = _powerSync;
        var self = _selfForPowerSync ??= this.AsReference<INodePowerSyncGrain>();
        var state = node.State;
        var context = new NodeDriverContext(Id, state.DriverInfo, ImmutableDictionary<string, string>.Empty);
        var power = drivers.GetDriver(state.Driver).Power;
        NodeDriverWork.Start(() => driverWork.RunPowerSyncAsync(self, power, context, sync, restore));
    }

    private static bool NeedsPowerSync(NodeState state) =>
        state.Exists && !state.PowerSyncArmed && state.ProvisionState is not (ProvisionState.Enroll or ProvisionState.Verifying);

    // A node in maintenance is read only to see whether the power failure that put it there is over.
    private static bool CanSyncPower(NodeState state) =>
        (!state.Maintenance || state.Fault == PowerFailureFault) && state.Step is null && state.Queue.IsEmpty
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
