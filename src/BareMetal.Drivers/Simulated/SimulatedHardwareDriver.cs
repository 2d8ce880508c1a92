using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Simulated;

/// <summary>
/// The "fake-hardware" driver: every interface acts on a <see cref="SimulatedBmc"/> from a
/// <see cref="SimulatedFleet"/>, with latencies from <see cref="SimulatedDriverOptions"/> on the
/// injected <see cref="TimeProvider"/>. Image writes are asynchronous like a real ramdisk agent:
/// <see cref="WriteImageAsync"/> returns <see cref="DriverStepOutcome.Pending"/> and a simulated agent
/// reports a heartbeat, then done or failed, through <see cref="IDriverCallbackSink"/>.
/// Disposing the driver stops agents that have not reported yet.
/// </summary>
public sealed partial class SimulatedHardwareDriver :
    IHardwareDriver, IPowerInterface, IManagementInterface, IDeployInterface, IBootInterface, IInspectInterface, IRescueInterface, IStepStatusInterface, IDisposable
{
    /// <summary>The name nodes use to select this driver.</summary>
    public const string DriverName = "fake-hardware";

    private readonly SimulatedFleet _fleet;
    private readonly SimulatedDriverOptions _options;
    private readonly IDriverCallbackSink _callbackSink;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private int _disposed;

    /// <summary>Creates the driver.</summary>
    public SimulatedHardwareDriver(
        SimulatedFleet fleet,
        IOptions<SimulatedDriverOptions> options,
        IDriverCallbackSink callbackSink,
        TimeProvider timeProvider,
        ILogger<SimulatedHardwareDriver> logger)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(callbackSink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _fleet = fleet;
        _options = options.Value;
        _callbackSink = callbackSink;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => DriverName;

    /// <inheritdoc />
    public IPowerInterface Power => this;

    /// <inheritdoc />
    public IManagementInterface Management => this;

    /// <inheritdoc />
    public IDeployInterface Deploy => this;

    /// <inheritdoc />
    public IBootInterface Boot => this;

    /// <inheritdoc />
    public IInspectInterface Inspect => this;

    /// <inheritdoc />
    public IRescueInterface Rescue => this;

    /// <inheritdoc />
    public IStepStatusInterface StepStatus => this;

    /// <inheritdoc />
    public Task<DriverStepStatus> GetStepStatusAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        var record = _fleet[context.NodeId].ObserveStep(token, _timeProvider.GetUtcNow());
        var status = record switch
        {
            null => new DriverStepStatus(DriverStepState.NotStarted),
            { Outcome: SimulatedStepOutcome.Done } => new DriverStepStatus(DriverStepState.Done),
            { Outcome: SimulatedStepOutcome.Failed } => new DriverStepStatus(DriverStepState.Failed, record.Message),
            { Outcome: SimulatedStepOutcome.Cancelled } => new DriverStepStatus(DriverStepState.Failed, $"{record.Kind} was cancelled"),
            _ => new DriverStepStatus(DriverStepState.InProgress),
        };
        return Task.FromResult(status);
    }

    /// <inheritdoc />
    public async Task<PowerState> GetPowerStateAsync(NodeDriverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bmc = _fleet[context.NodeId];
        var call = bmc.BeginCall(SimulatedStepKind.GetPowerState);
        if (call.Unreachable)
        {
            LogBmcUnreachable(context.NodeId, call.Number);
            throw new DriverException(context.NodeId, $"The BMC of node {context.NodeId} is unreachable (simulated).");
        }

        if (call.Hang)
        {
            await HangAsync(bmc, SimulatedStepKind.GetPowerState, cancellationToken).ConfigureAwait(false);
        }

        await DelayAsync(_options.PowerReadLatency, cancellationToken).ConfigureAwait(false);
        if (call.FailureMessage is { } message)
        {
            throw new DriverException(context.NodeId, message);
        }

        bmc.CompleteRun(SimulatedStepKind.GetPowerState);
        return bmc.PowerState;
    }

    /// <inheritdoc />
    public Task<DriverStepResult> SetPowerStateAsync(NodeDriverContext context, PowerAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (kind, target) = action switch
        {
            PowerAction.On => (SimulatedStepKind.PowerOn, PowerState.On),
            PowerAction.Off => (SimulatedStepKind.PowerOff, PowerState.Off),
            PowerAction.Reboot => (SimulatedStepKind.Reboot, PowerState.On),
            PowerAction.SoftOff => (SimulatedStepKind.SoftOff, PowerState.Off),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a power action."),
        };
        return RunStepAsync(context.NodeId, kind, _options.PowerLatency, null, bmc => bmc.CompleteRun(kind, powerState: target), cancellationToken, logExecution: true);
    }

    /// <inheritdoc />
    public Task<DriverStepResult> ValidateAsync(NodeDriverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var missing = _options.RequiredDriverInfoKeys
            .Where(key => !context.DriverInfo.TryGetValue(key, out var value) || string.IsNullOrEmpty(value))
            .ToList();
        var precondition = missing.Count == 0 ? null : $"driver_info lacks required keys: {string.Join(", ", missing)}.";
        _fleet[context.NodeId].PresentCredentials(context.DriverInfo);
        return RunStepAsync(context.NodeId, SimulatedStepKind.Validate, _options.ValidateLatency, precondition, bmc => bmc.CompleteRun(SimulatedStepKind.Validate), cancellationToken);
    }

    /// <inheritdoc />
    public Task<DriverStepResult> WriteImageAsync(NodeDriverContext context, DeployImage image, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(token);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromResult(DriverStepResult.Cancelled);
        }

        var bmc = _fleet[context.NodeId];
        var call = bmc.BeginCall(SimulatedStepKind.WriteImage);
        LogStepStarted(context.NodeId, SimulatedStepKind.WriteImage, token, call.Number);
        var now = _timeProvider.GetUtcNow();
        // The hardware knows of the step before its execution is logged: a process frozen or killed between the two
        // must leave a step that another process sees started, never an execution that the hardware says never began.
        bmc.RecordStep(token, new SimulatedStepRecord(SimulatedStepKind.WriteImage, now, call.Hang ? null : _options.ImageWriteLatency, call.FailureMessage, image.Source, image.Checksum));
        bmc.RecordExecution(SimulatedStepKind.WriteImage, token, now);

        // The agent runs on its own, like a ramdisk on the node: the caller's token only covers the hand-over.
        _ = Task.Run(() => RunAgentAsync(bmc, call, SimulatedStepKind.WriteImage, _options.ImageWriteLatency, b => b.CompleteRun(SimulatedStepKind.WriteImage, image: image), token, _shutdown.Token), CancellationToken.None);
        return Task.FromResult(DriverStepResult.Pending(_options.DeployCallbackTimeout));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> InspectHardwareAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(token);
        var result = await RunStepAsync(context.NodeId, SimulatedStepKind.Inspect, _options.InspectLatency, null, bmc => bmc.CompleteRun(SimulatedStepKind.Inspect), cancellationToken, token).ConfigureAwait(false);
        return result.Outcome switch
        {
            DriverStepOutcome.Done => new Dictionary<string, string>(_options.InspectedProperties, StringComparer.Ordinal),
            DriverStepOutcome.Cancelled => throw new OperationCanceledException(cancellationToken),
            _ => throw new DriverException(context.NodeId, result.Message ?? "inspection failed"),
        };
    }

    /// <inheritdoc />
    public Task<DriverStepResult> RescueAsync(NodeDriverContext context, string rescuePassword, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(rescuePassword);
        ArgumentNullException.ThrowIfNull(token);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromResult(DriverStepResult.Cancelled);
        }

        var bmc = _fleet[context.NodeId];
        var call = bmc.BeginCall(SimulatedStepKind.Rescue);
        LogStepStarted(context.NodeId, SimulatedStepKind.Rescue, token, call.Number);
        // As for an image write, the rescue ramdisk boots on its own and its agent reports when it is up.
        _ = Task.Run(() => RunAgentAsync(bmc, call, SimulatedStepKind.Rescue, _options.RescueLatency, b => b.CompleteRun(SimulatedStepKind.Rescue, powerState: PowerState.On), token, _shutdown.Token), CancellationToken.None);
        return Task.FromResult(DriverStepResult.Pending(_options.DeployCallbackTimeout));
    }

    /// <inheritdoc />
    public Task<DriverStepResult> UnrescueAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(token);
        return RunStepAsync(context.NodeId, SimulatedStepKind.Unrescue, _options.PowerLatency, null, bmc => bmc.CompleteRun(SimulatedStepKind.Unrescue, powerState: PowerState.On), cancellationToken, token);
    }

    /// <inheritdoc />
    public Task<DriverStepResult> TearDownAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(token);
        return RunStepAsync(context.NodeId, SimulatedStepKind.TearDown, _options.TearDownLatency, null, bmc => bmc.CompleteRun(SimulatedStepKind.TearDown, powerState: PowerState.Off), cancellationToken, token, logExecution: true);
    }

    /// <inheritdoc />
    public Task<DriverStepResult> CleanAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(token);
        return CleanStepAsync(context.NodeId, bmc => bmc.CompleteRun(SimulatedStepKind.Clean, wipeImage: true), token, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DriverStepResult> CleanAsync(NodeDriverContext context, IReadOnlyList<CleanStep> steps, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(token);
        var ran = steps.ToList();
        return CleanStepAsync(context.NodeId, bmc => bmc.CompleteRun(SimulatedStepKind.Clean, wipeImage: true, cleanSteps: ran), token, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DriverStepResult> PrepareRamdiskAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(token);
        return RunStepAsync(context.NodeId, SimulatedStepKind.PrepareRamdisk, _options.RamdiskLatency, null, bmc => bmc.CompleteRun(SimulatedStepKind.PrepareRamdisk), cancellationToken, token);
    }

    /// <inheritdoc />
    public Task<DriverStepResult> CleanUpRamdiskAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(token);
        return RunStepAsync(context.NodeId, SimulatedStepKind.CleanUpRamdisk, _options.RamdiskLatency, null, bmc => bmc.CompleteRun(SimulatedStepKind.CleanUpRamdisk), cancellationToken, token);
    }

    /// <summary>Stops simulated agents that have not reported yet.</summary>
    public void Dispose()
    {
        // DI may dispose the same instance twice (registered as itself and as IHardwareDriver).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _shutdown.Cancel();
        _shutdown.Dispose();
    }

    private Task<DriverStepResult> CleanStepAsync(string nodeId, Action<SimulatedBmc> complete, StepToken token, CancellationToken cancellationToken)
    {
        if (!_options.CleanViaAgent)
        {
            return RunStepAsync(nodeId, SimulatedStepKind.Clean, _options.CleanLatency, null, complete, cancellationToken, token, logExecution: true);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromResult(DriverStepResult.Cancelled);
        }

        var bmc = _fleet[nodeId];
        var call = bmc.BeginCall(SimulatedStepKind.Clean);
        LogStepStarted(nodeId, SimulatedStepKind.Clean, token, call.Number);
        var now = _timeProvider.GetUtcNow();
        bmc.RecordStep(token, new SimulatedStepRecord(SimulatedStepKind.Clean, now, call.Hang ? null : _options.CleanLatency, call.FailureMessage));
        bmc.RecordExecution(SimulatedStepKind.Clean, token, now);
        _ = Task.Run(() => RunAgentAsync(bmc, call, SimulatedStepKind.Clean, _options.CleanLatency, complete, token, _shutdown.Token), CancellationToken.None);
        return Task.FromResult(DriverStepResult.Pending(_options.DeployCallbackTimeout));
    }

    private async Task<DriverStepResult> RunStepAsync(
        string nodeId,
        SimulatedStepKind kind,
        TimeSpan latency,
        string? precondition,
        Action<SimulatedBmc> complete,
        CancellationToken cancellationToken,
        StepToken? token = null,
        bool logExecution = false)
    {
        var bmc = _fleet[nodeId];
        var call = bmc.BeginCall(kind);
        LogStepStarted(nodeId, kind, token, call.Number);
        var now = _timeProvider.GetUtcNow();
        if (token is not null)
        {
            bmc.RecordStep(token, new SimulatedStepRecord(kind, now, call.Hang ? null : latency, call.FailureMessage ?? precondition));
        }

        if (logExecution)
        {
            bmc.RecordExecution(kind, token, now);
        }

        try
        {
            if (call.Hang)
            {
                await HangAsync(bmc, kind, cancellationToken).ConfigureAwait(false);
            }

            await DelayAsync(latency, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStepCancelled(nodeId, kind, token, call.Number);
            EndStep(bmc, token, SimulatedStepOutcome.Cancelled);
            return DriverStepResult.Cancelled;
        }

        var failure = call.FailureMessage ?? precondition;
        if (failure is not null)
        {
            LogStepFailed(nodeId, kind, token, call.Number, failure);
            EndStep(bmc, token, SimulatedStepOutcome.Failed, failure);
            return DriverStepResult.Failed(failure);
        }

        complete(bmc);
        EndStep(bmc, token, SimulatedStepOutcome.Done);
        LogStepDone(nodeId, kind, token, call.Number);
        return DriverStepResult.Done;
    }

    private async Task RunAgentAsync(SimulatedBmc bmc, SimulatedCall call, SimulatedStepKind kind, TimeSpan latency, Action<SimulatedBmc> complete, StepToken token, CancellationToken stopping)
    {
        try
        {
            await _callbackSink.ReportAsync(DriverCallback.Heartbeat(token), stopping).ConfigureAwait(false);
            if (call.Hang)
            {
                await HangAsync(bmc, kind, stopping).ConfigureAwait(false);
            }

            await DelayAsync(latency, stopping).ConfigureAwait(false);
            DriverCallback result;
            if (call.FailureMessage is { } message)
            {
                LogStepFailed(bmc.NodeId, kind, token, call.Number, message);
                bmc.EndStep(token, SimulatedStepOutcome.Failed, message);
                result = DriverCallback.Failed(token, message);
            }
            else
            {
                complete(bmc);
                bmc.EndStep(token, SimulatedStepOutcome.Done);
                LogStepDone(bmc.NodeId, kind, token, call.Number);
                result = DriverCallback.Done(token);
            }

            await _callbackSink.ReportAsync(result, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LogAgentStopped(bmc.NodeId, token);
        }
#pragma warning disable CA1031 // A background agent must not crash the process; the node grain's callback timeout covers it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogAgentCallbackFailed(bmc.NodeId, token, exception);
        }
    }

    private static void EndStep(SimulatedBmc bmc, StepToken? token, SimulatedStepOutcome outcome, string? message = null)
    {
        if (token is not null)
        {
            bmc.EndStep(token, outcome, message);
        }
    }

    private static Task HangAsync(SimulatedBmc bmc, SimulatedStepKind kind, CancellationToken cancellationToken)
    {
        bmc.MarkHanging(kind);
        return Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
    }

    private Task DelayAsync(TimeSpan latency, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return latency <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(latency, _timeProvider, cancellationToken);
    }
}
