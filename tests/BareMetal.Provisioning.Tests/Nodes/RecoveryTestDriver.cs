using System.Collections.Concurrent;
using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// A driver whose image writes never call back and whose answer to "what happened to this step?" the test
/// sets per node, so that each recovery decision of the node grain can be forced.
/// </summary>
public sealed class RecoveryTestDriver :
    IHardwareDriver, IPowerInterface, IManagementInterface, IDeployInterface, IBootInterface, IStepStatusInterface, IInspectInterface, IRescueInterface
{
    public const string DriverName = "recovery-fake";

    private readonly ConcurrentDictionary<string, RecoveryTestNode> _nodes = new(StringComparer.Ordinal);

    public string Name => DriverName;

    public IPowerInterface Power => this;

    public IManagementInterface Management => this;

    public IDeployInterface Deploy => this;

    public IBootInterface Boot => this;

    public IStepStatusInterface StepStatus => this;

    public IInspectInterface Inspect => this;

    public IRescueInterface Rescue => this;

    // The recovery tests never inspect or rescue: these answer like hardware that cannot.
    public Task<IReadOnlyDictionary<string, string>> InspectHardwareAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken) =>
        Task.FromException<IReadOnlyDictionary<string, string>>(new DriverException(context.NodeId, "inspection is not supported by the recovery test driver"));

    public Task<DriverStepResult> RescueAsync(NodeDriverContext context, string rescuePassword, StepToken token, CancellationToken cancellationToken) =>
        Task.FromResult(DriverStepResult.Failed("rescue is not supported by the recovery test driver"));

    public Task<DriverStepResult> UnrescueAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken) =>
        Task.FromResult(DriverStepResult.Failed("unrescue is not supported by the recovery test driver"));

    public RecoveryTestNode this[string nodeId] => _nodes.GetOrAdd(nodeId, _ => new RecoveryTestNode());

    public Task<PowerState> GetPowerStateAsync(NodeDriverContext context, CancellationToken cancellationToken) => Task.FromResult(this[context.NodeId].Power);

    public async Task<DriverStepResult> SetPowerStateAsync(NodeDriverContext context, PowerAction action, CancellationToken cancellationToken)
    {
        var node = this[context.NodeId];
        node.Called($"power-{action}", null);
        if (action == PowerAction.On && Interlocked.Exchange(ref node.HangPowerOnOnce, 0) == 1)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        node.Power = action is PowerAction.On or PowerAction.Reboot ? PowerState.On : PowerState.Off;
        return DriverStepResult.Done;
    }

    public async Task<DriverStepResult> ValidateAsync(NodeDriverContext context, CancellationToken cancellationToken)
    {
        var node = this[context.NodeId];
        node.Called("validate", null);
        if (Interlocked.Exchange(ref node.HangValidateOnce, 0) == 1)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        return DriverStepResult.Done;
    }

    public async Task<DriverStepResult> WriteImageAsync(NodeDriverContext context, DeployImage image, StepToken token, CancellationToken cancellationToken)
    {
        var node = this[context.NodeId];
        if (node.BeforeWriteImage is { } before)
        {
            await before(token);
        }

        node.Called("write-image", token);
        return DriverStepResult.Pending(TimeSpan.FromMinutes(30));
    }

    public Task<DriverStepResult> TearDownAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        this[context.NodeId].Called("tear-down", token);
        return Task.FromResult(DriverStepResult.Done);
    }

    public Task<DriverStepResult> CleanAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        this[context.NodeId].Called("clean", token);
        return Task.FromResult(DriverStepResult.Done);
    }

    public Task<DriverStepResult> CleanAsync(NodeDriverContext context, IReadOnlyList<CleanStep> steps, StepToken token, CancellationToken cancellationToken) =>
        CleanAsync(context, token, cancellationToken);

    public Task<DriverStepResult> PrepareRamdiskAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken) => Task.FromResult(DriverStepResult.Done);

    public Task<DriverStepResult> CleanUpRamdiskAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken) => Task.FromResult(DriverStepResult.Done);

    public Task<DriverStepStatus> GetStepStatusAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        var node = this[context.NodeId];
        node.StatusQueries.Enqueue(token);
        return Task.FromResult(node.Status);
    }
}

/// <summary>One node of <see cref="RecoveryTestDriver"/>: what the test makes it answer and what it was asked to do.</summary>
public sealed class RecoveryTestNode
{
    private readonly Lock _gate = new();
    private readonly List<(string Kind, StepToken? Token)> _calls = [];
    private readonly List<(string Kind, int Count, TaskCompletionSource Signal)> _waiters = [];

    public int HangValidateOnce;

    public int HangPowerOnOnce;

    public volatile DriverStepStatus Status = new(DriverStepState.NotStarted);

    public volatile PowerState Power = PowerState.Off;

    public Func<StepToken, Task>? BeforeWriteImage { get; set; }

    public ConcurrentQueue<StepToken> StatusQueries { get; } = new();

    public IReadOnlyList<(string Kind, StepToken? Token)> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public int CallCount(string kind) => Calls.Count(c => c.Kind == kind);

    /// <summary>Completes once <paramref name="kind"/> was called <paramref name="count"/> times.</summary>
    public Task WhenCalled(string kind, int count)
    {
        lock (_gate)
        {
            if (_calls.Count(c => c.Kind == kind) >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((kind, count, signal));
            return signal.Task;
        }
    }

    internal void Called(string kind, StepToken? token)
    {
        List<TaskCompletionSource> ready;
        lock (_gate)
        {
            _calls.Add((kind, token));
            var count = _calls.Count(c => c.Kind == kind);
            var done = _waiters.Where(w => w.Kind == kind && w.Count <= count).ToList();
            _waiters.RemoveAll(done.Contains);
            ready = [.. done.Select(w => w.Signal)];
        }

        foreach (var signal in ready)
        {
            signal.TrySetResult();
        }
    }
}

/// <summary>The same hardware as <see cref="RecoveryTestDriver"/> through a driver that cannot report step states.</summary>
public sealed class BlindRecoveryTestDriver(RecoveryTestDriver inner) : IHardwareDriver
{
    public const string DriverName = "recovery-fake-blind";

    public string Name => DriverName;

    public IPowerInterface Power => inner;

    public IManagementInterface Management => inner;

    public IDeployInterface Deploy => inner;

    public IBootInterface Boot => inner;

    public IInspectInterface Inspect => inner;

    public IRescueInterface Rescue => inner;
}
