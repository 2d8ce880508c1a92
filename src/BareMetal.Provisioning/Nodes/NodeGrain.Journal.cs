using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Provisioning.Nodes;

// The step journal and crash recovery. Every step that is not idempotent gets a journal entry in the same
// write that records the step, before the driver is called; its outcome closes the entry. A durable "step-watch"
// reminder ticks every TimeoutCheckInterval once the node has run a step (armed once, with the first step, and
// kept while the node exists, so steps cost no reminder writes). It exists because activations are lazy: after
// the silo running a node dies, nothing else would bring the node back. A tick expires a step past its deadline
// (see the timeouts partial); a tick that finds the step launched by this very activation does nothing; one that
// finds a step nobody here launched (the activation is new) recovers it: an idempotent step runs again under a
// new attempt, any other is looked up on the hardware by its token and finished, failed, waited for, started, or
// failed as unknowable. A client call that activates the node first triggers the same check at once through a
// one-shot timer.
public sealed partial class NodeGrain
{
    /// <summary>How many journal entries a node keeps; the oldest closed ones are dropped first.</summary>
    public const int JournalCapacity = 4;

    internal const string StepWatchReminder = "step-watch";

    // A status read is a short BMC call made inside the turn: recovery is rare, and the answer decides the turn.
    private static readonly TimeSpan s_stepStatusTimeout = TimeSpan.FromSeconds(15);

    private NodeStep? _launched;
    private List<NodeStep> _launchedSteps = [];

    // Names this activation's last launch. Work carries it to the fence: work of another activation (a duplicate, or
    // one since lost) that launched the same attempt is told no even when its question reaches this activation.
    private string _launch = string.Empty;

    // The work running the step this activation launched last, and the last step whose report this activation took:
    // a launched step whose work ended without its report being taken lost the report.
    private Task? _launchedWork;
    private NodeStep? _reported;
    private NodeStep? _waitingNoted;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (node.State is { Exists: true, Step: not null })
        {
            this.RegisterGrainTimer(_ => WatchStep(), TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        // Completions written by an activation that was lost before it could send them.
        await SendOutbox();
        await base.OnActivateAsync(cancellationToken);
    }

    private static bool SameStep(NodeStep a, NodeStep b) => a.OperationId == b.OperationId && a.Number == b.Number && a.Attempt == b.Attempt;

    // Called by Launch: the report of these steps comes back to this activation.
    private string TrackLaunched(List<NodeStep> steps)
    {
        _launched = steps[^1];
        _launchedSteps = [.. steps];
        _launch = Guid.NewGuid().ToString("N");
        return _launch;
    }

    // Whether this very activation launched the step (the fence's question; see MayRunStep).
    private bool LaunchedHere(string operationId, int number, int attempt, string launch) =>
        launch == _launch && _launchedSteps.Any(s => s.OperationId == operationId && s.Number == number && s.Attempt == attempt);

    // Called by Save before every write: opens an entry for a new step that is not idempotent, and marks
    // abandoned any entry still started whose step is no longer in flight (timed out, cancelled).
    private async Task<NodeState> JournalBeforeWrite(NodeState state)
    {
        var now = timeProvider.GetUtcNow();
        var journal = state.Journal;
        for (var i = 0; i < journal.Count; i++)
        {
            var entry = journal[i];
            if (entry.State == NodeJournalEntryState.Started && (state.Step is not { } inFlight || !entry.Records(inFlight)))
            {
                journal = journal.SetItem(i, entry with { State = NodeJournalEntryState.Abandoned, EndedAt = now, Message = "the node stopped waiting for it without an outcome" });
            }
        }

        if (state.Step is { } step && !step.Kind.IsIdempotent() && !journal.Any(e => e.Records(step)))
        {
            journal = journal.Add(new NodeJournalEntry(step.OperationId, step.Number, step.Attempt, step.Kind, NodeJournalEntryState.Started, now));
        }

        if (journal.Count > JournalCapacity)
        {
            journal = journal.RemoveRange(0, journal.Count - JournalCapacity);
        }

        if (journal != state.Journal)
        {
            state = state with { Journal = journal };
        }

        if (state.Step is not null && !state.StepWatchArmed)
        {
            // Armed before the write: a step is never in flight without its watch. Once per node, not per step.
            await this.RegisterOrUpdateReminder(StepWatchReminder, _options.TimeoutCheckInterval, _options.TimeoutCheckInterval);
            state = state with { StepWatchArmed = true };
        }

        return state;
    }

    // Called by DriverStepCompleted with the report of the step in flight: closes its entry.
    private NodeState CloseJournalEntry(NodeState state, NodeStep step, NodeStepReport report)
    {
        if (report.Outcome == NodeStepOutcome.Pending)
        {
            return state;
        }

        var index = state.Journal.FindIndex(e => e.Records(step));
        if (index < 0)
        {
            return state;
        }

        var done = report.Outcome == NodeStepOutcome.Done;
        var entry = state.Journal[index] with
        {
            State = done ? NodeJournalEntryState.Done : NodeJournalEntryState.Failed,
            EndedAt = timeProvider.GetUtcNow(),
            Message = done ? null : report.Message,
        };
        return state with { Journal = state.Journal.SetItem(index, entry) };
    }

    private async Task DisarmStepWatch()
    {
        if (await this.GetReminder(StepWatchReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    // A step-watch tick (or the activation's one-shot check): expires a step past its deadline, recovers one this
    // activation did not launch. An idle node's tick does nothing: the reminder stays for the next step.
    private async Task WatchStep()
    {
        var current = node.State;
        if (!current.Exists)
        {
            await DisarmStepWatch();
            return;
        }

        if (current.Queue.IsEmpty || current.Step is not { } step || await ExpireStepIfDue())
        {
            return;
        }

        if (_launched is { } launched && SameStep(launched, step))
        {
            if (!ReportLost(step))
            {
                return;
            }

            await RecoverStep(current, step, $"step {step.Number}: {Describe(step.Kind)} ended but its report never reached the node");
            return;
        }

        await RecoverStep(current, step, $"step {step.Number}: {Describe(step.Kind)} was in flight when the node's silo was lost");
    }

    // The work gave up sending its report (every attempt failed) and no report of the step was taken.
    private bool ReportLost(NodeStep step) =>
        _launchedWork is { IsCompleted: true } && (_reported is not { } reported || !SameStep(reported, step));

    private async Task RecoverStep(NodeState current, NodeStep step, string lost)
    {
        var operationId = step.OperationId;
        if (step.Kind.IsIdempotent())
        {
            var rerun = step with { Attempt = step.Attempt + 1, Deadline = DeadlineFor(step) };
            LogStepRecovered(Id, operationId, step.Number, step.Attempt, step.Kind, "idempotent", "run again");
            await Save(Record(current with { Step = rerun }, "recovered", $"{lost}; it is idempotent, running it again (attempt {rerun.Attempt})", operationId: operationId));
            Launch([rerun]);
            return;
        }

        DriverStepStatus status;
        try
        {
            status = await QueryStepStatus(current, step);
        }
#pragma warning disable CA1031 // An unreachable BMC is asked again on the next tick; the step timeout bounds the wait.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogStepStatusFailed(Id, operationId, step.Number, step.Kind, exception);
            return;
        }

        var said = status.Message is null ? StateName(status.State) : $"{StateName(status.State)} ({status.Message})";
        var what = $"{lost}; the driver reports it {said}";
        switch (status.State)
        {
            case DriverStepState.Done:
                LogStepRecovered(Id, operationId, step.Number, step.Attempt, step.Kind, said, "continue");
                node.State = Record(current, "recovered", $"{what}; continuing", operationId: operationId);
                await DriverStepCompleted(new NodeStepReport(operationId, step.Number, step.Attempt, NodeStepOutcome.Done));
                break;
            case DriverStepState.Failed:
                LogStepRecovered(Id, operationId, step.Number, step.Attempt, step.Kind, said, "fail");
                node.State = Record(current, "recovered", $"{what}; failing the operation", operationId: operationId);
                await DriverStepCompleted(new NodeStepReport(operationId, step.Number, step.Attempt, NodeStepOutcome.Failed, status.Message ?? $"{Describe(step.Kind)} failed"));
                break;
            case DriverStepState.InProgress:
                // Asked again on every tick until it ends or its deadline expires it; noted in the history once.
                if (_waitingNoted is not { } noted || !SameStep(noted, step))
                {
                    _waitingNoted = step;
                    LogStepRecovered(Id, operationId, step.Number, step.Attempt, step.Kind, said, "wait");
                    await Save(Record(current, "recovered", $"{what}; waiting for it to finish", operationId: operationId));
                }

                break;
            case DriverStepState.NotStarted:
                LogStepRecovered(Id, operationId, step.Number, step.Attempt, step.Kind, said, "start");
                await Save(Record(current, "recovered", $"{what}; it never ran, starting it now", operationId: operationId));
                Launch([step]);
                break;
            default:
                var error = $"silo lost while {Describe(step.Kind)} was in flight; the driver cannot tell whether it completed";
                LogStepRecovered(Id, operationId, step.Number, step.Attempt, step.Kind, said, "fail");
                node.State = Record(current, "recovered", $"{what}; failing the operation", operationId: operationId);
                await DriverStepCompleted(new NodeStepReport(operationId, step.Number, step.Attempt, NodeStepOutcome.Failed, error));
                break;
        }
    }

    // Power actions carry no step token, so their outcome is read from the hardware's power state: the target
    // reached means done; otherwise the action never took effect. Other steps are looked up by token.
    private async Task<DriverStepStatus> QueryStepStatus(NodeState state, NodeStep step)
    {
        if (!drivers.TryGetDriver(state.Driver, out var driver))
        {
            return DriverStepStatus.Unknown;
        }

        var context = new NodeDriverContext(Id, state.DriverInfo, ImmutableDictionary<string, string>.Empty);
        using var timeout = new CancellationTokenSource(s_stepStatusTimeout);
        if (PowerTarget(step) is { } target)
        {
            var power = await driver.Power.GetPowerStateAsync(context, timeout.Token).WaitAsync(timeout.Token);
            return power == target
                ? new DriverStepStatus(DriverStepState.Done, $"the hardware reports {Name(power)}")
                : new DriverStepStatus(DriverStepState.NotStarted, $"the hardware reports {Name(power)}");
        }

        if (driver.StepStatus is not { } statusInterface)
        {
            return DriverStepStatus.Unknown;
        }

        var token = new StepToken(Id, step.OperationId, step.Number, step.Attempt);
        return await statusInterface.GetStepStatusAsync(context, token, timeout.Token).WaitAsync(timeout.Token);
    }

    // Power steps carry no token the BMC knows, so the power state itself says whether they happened. A reboot
    // found powered on counts as done: a missed reboot is safer than a second one under a running workload.
    private static PowerState? PowerTarget(NodeStep step) => step.Kind switch
    {
        NodeStepKind.PowerOn => PowerState.On,
        NodeStepKind.Power => step.Power switch
        {
            PowerAction.Off or PowerAction.SoftOff => PowerState.Off,
            _ => PowerState.On,
        },
        _ => null,
    };

    private static string StateName(DriverStepState state) => state switch
    {
        DriverStepState.NotStarted => "not started",
        DriverStepState.InProgress => "in progress",
        DriverStepState.Done => "done",
        DriverStepState.Failed => "failed",
        _ => "unknown",
    };
}
