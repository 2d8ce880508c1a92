using System.Diagnostics;
using System.Globalization;
using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// The node's hardware work, run on the thread pool outside any grain turn: driver steps, power syncs and the
/// tear-down of a deleted node. A node grain starts it and forgets it; the result comes back to the grain as a
/// message through its own reference. It lives outside the grain class because it must not run on the grain's
/// scheduler: a hung BMC would otherwise hold the node's turn, and grain code is not where
/// <c>ConfigureAwait(false)</c> belongs.
/// </summary>
public sealed partial class NodeDriverWork(
    IOptions<NodeProvisioningOptions> options,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    ILogger<NodeDriverWork> logger)
{
    private static readonly TimeSpan s_longestReportRetryDelay = TimeSpan.FromSeconds(30);

    // Answers that came too late to use, before the step is left to the node's step-watch (which asks the hardware).
    private const int FenceAttempts = 5;

    private readonly NodeProvisioningOptions _options = options.Value;

    /// <summary>Starts <paramref name="work"/> on the thread pool without this turn's execution context.</summary>
    /// <remarks>
    /// Without suppression the work would inherit the turn's call chain and deadline, and its report would look
    /// like a nested call into that very turn (a deadlock) when it comes back early.
    /// </remarks>
    /// <returns>The work, which never throws; the node looks at whether it ended, never awaits it.</returns>
    public static Task Start(Func<Task> work)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work, CancellationToken.None);
        }
    }

    /// <summary>
    /// Runs a BMC call that the node's caller waits for (the boot device), on the thread pool without the turn's
    /// execution context, bounded by <paramref name="timeout"/>: the node keeps answering while the BMC thinks.
    /// </summary>
    /// <exception cref="OperationCanceledException">The BMC did not answer within <paramref name="timeout"/>.</exception>
    public static Task<T> CallBmcAsync<T>(Func<CancellationToken, Task<T>> call, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(call);
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(
                async () =>
                {
                    using var cancel = new CancellationTokenSource(timeout);
                    return await call(cancel.Token).WaitAsync(cancel.Token).ConfigureAwait(false);
                },
                CancellationToken.None);
        }
    }

    /// <summary>Runs one step with its driver and reports the outcome to the node.</summary>
    public async Task RunStepAsync(INodeGrain node, IHardwareDriver driver, NodeDriverContext context, NodeStep step, string launch, ActivityContext trace, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(step);
        // The step continues the trace of the turn that launched it; its report carries the trace back.
        using var activity = Diagnostics.ProvisioningTelemetry.StartDriverStep(trace, context.NodeId, step.OperationId, step.Kind.ToString(), step.Number, driver.Name);
        using var scope = logger.BeginScope(Diagnostics.ProvisioningTelemetry.LogScope(context.NodeId, step.OperationId));
        if (!step.Kind.IsIdempotent() && !await FenceAsync(node, context.NodeId, step, launch).ConfigureAwait(false))
        {
            // No report: the owner of the node (this activation, if it still is) finds the step ended without one
            // and asks the hardware what became of it.
            return;
        }

        // No turn is held here: a hung BMC delays only this task, never the node's reads or requests. Nothing is
        // awaited between the fence's last answer and the driver's call.
        var report = await NodeStepExecutor.ExecuteAsync(driver, context, step, _options, cancellation).ConfigureAwait(false);
        Diagnostics.ProvisioningTelemetry.DriverStepEnded(activity, report.Outcome.ToString(), report.Outcome == NodeStepOutcome.Failed ? report.Message : null);
        try
        {
            await DeliverReportAsync(node, context.NodeId, report, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Left to the node's step-watch, which asks the driver what became of the step.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogReportFailed(context.NodeId, report.OperationId, report.Step, _options.StepReportAttempts, exception);
        }
    }

    /// <summary>
    /// Sends a step's report until the node acknowledges it (a stale report is acknowledged too), at most
    /// <see cref="NodeProvisioningOptions.StepReportAttempts"/> times with a doubling wait: a failed call may be a silo
    /// lost in the report path, and the node's next activation takes the report as well as this one would.
    /// </summary>
    /// <exception cref="Exception">The last attempt's failure, once every attempt failed.</exception>
    public async Task DeliverReportAsync(INodeGrain node, string nodeId, NodeStepReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(report);
        var delay = _options.StepReportRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await node.DriverStepCompleted(report).WaitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (attempt < _options.StepReportAttempts && !cancellationToken.IsCancellationRequested)
            {
                LogReportRetried(nodeId, report.OperationId, report.Step, attempt, delay, exception);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_longestReportRetryDelay.Ticks));
        }
    }

    // The fence's answer holds for StepFenceLease from the moment it was asked: a process frozen after asking (SIGSTOP,
    // a stalled VM) wakes up with a "yes" that another silo may have made stale by taking the node over, so an answer
    // that old is asked for again. The node's "yes" is a write that such a takeover's own write then loses to, or that
    // fails after it (NodeGrain.MayRunStep), so one of the two runs the step.
    private async Task<bool> FenceAsync(INodeGrain node, string nodeId, NodeStep step, string launch)
    {
        for (var attempt = 1; attempt <= FenceAttempts; attempt++)
        {
            var asked = Stopwatch.GetTimestamp();
            if (!await MayRunAsync(node, nodeId, step, launch).ConfigureAwait(false))
            {
                return false;
            }

            if (Stopwatch.GetElapsedTime(asked) <= _options.StepFenceLease)
            {
                return true;
            }

            LogFenceExpired(nodeId, step.OperationId, step.Number, Stopwatch.GetElapsedTime(asked), attempt);
        }

        return false;
    }

    // The fence before a step that must not run twice: this silo is still an active member, and the node's activation
    // that launched the step still owns it (see NodeGrain.MayRunStep). Any doubt means not now.
    private async Task<bool> MayRunAsync(INodeGrain node, string nodeId, NodeStep step, string launch)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        if (status != SiloStatus.Active)
        {
            LogStepNotRun(nodeId, step.OperationId, step.Number, $"this silo is {status}");
            return false;
        }

        try
        {
            if (await node.MayRunStep(step.OperationId, step.Number, step.Attempt, launch).ConfigureAwait(false))
            {
                return true;
            }

            LogStepNotRun(nodeId, step.OperationId, step.Number, "the node's activation no longer owns it");
            return false;
        }
#pragma warning disable CA1031 // Not run: the node's step-watch asks the hardware and starts it again if it never ran.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogStepNotRun(nodeId, step.OperationId, step.Number, exception.Message);
            return false;
        }
    }

    /// <summary>Reads the power state, or sets it to <paramref name="restore"/> when given, and reports to the node.</summary>
    public async Task RunPowerSyncAsync(INodePowerSyncGrain node, IPowerInterface power, NodeDriverContext context, long sync, PowerState? restore)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(power);
        ArgumentNullException.ThrowIfNull(context);
        var timeout = _options.PowerActionTimeout;
        NodePowerSyncReport report;
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            if (restore is { } target)
            {
                var action = target == PowerState.On ? PowerAction.On : PowerAction.Off;
                var result = await power.SetPowerStateAsync(context, action, cancellation.Token).ConfigureAwait(false);
                report = result.Outcome is DriverStepOutcome.Failed or DriverStepOutcome.Cancelled
                    ? new(sync, null, $"could not restore {target.ToIronicName() ?? "unknown"}: {result.Message ?? result.Outcome.ToString()}")
                    : new(sync, target, null, Restored: true);
            }
            else
            {
                report = new(sync, await power.GetPowerStateAsync(context, cancellation.Token).ConfigureAwait(false), null);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            report = new(sync, null, $"the BMC did not answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
#pragma warning disable CA1031 // Any driver failure is a failed sync, counted by the node.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            report = new(sync, null, exception.Message);
        }

        try
        {
            await node.PowerSyncCompleted(report).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A lost report only delays the next sync (the power sync reminder starts another).
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogPowerSyncReportFailed(context.NodeId, sync, exception);
        }
    }

    /// <summary>
    /// Tears down what a node deleted from a failure state may still hold (an instance, a half-written disk).
    /// The node record is already gone, so nothing waits for the result but the log.
    /// </summary>
    public async Task TearDownDeletedAsync(IHardwareDriver driver, NodeDriverContext context, StepToken token)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(context);
        using var timeout = new CancellationTokenSource(_options.DeployCallbackTimeout);
        try
        {
            var result = await driver.Deploy.TearDownAsync(context, token, timeout.Token).ConfigureAwait(false);
            LogDeletionTearDown(context.NodeId, result.Outcome, result.Message);
        }
#pragma warning disable CA1031 // Best effort after the record is gone: the failure is logged for operators.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogDeletionTearDownFailed(context.NodeId, exception);
        }
    }
}
