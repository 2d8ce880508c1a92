namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// One step that is not idempotent, as the node's journal keeps it: written (state
/// <see cref="NodeJournalEntryState.Started"/>) in the same write that records the step, before the driver
/// is called, and closed when its outcome arrives. A new activation that finds an entry still started asks
/// the driver what really happened instead of running the step again.
/// </summary>
/// <param name="OperationId">The operation the step belongs to.</param>
/// <param name="Step">The step number within the operation.</param>
/// <param name="Attempt">The attempt (the step token's attempt).</param>
/// <param name="Kind">What the step does.</param>
/// <param name="State">Where the step is.</param>
/// <param name="StartedAt">When the entry was written.</param>
public sealed record NodeJournalEntry(string OperationId, int Step, int Attempt, NodeStepKind Kind, NodeJournalEntryState State, DateTimeOffset StartedAt)
{
    /// <summary>When the entry was closed; <see langword="null"/> while it is started.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>How it ended (the failure, or what recovery decided), when there is something to say.</summary>
    public string? Message { get; init; }

    /// <summary>Whether this entry records <paramref name="step"/> (same operation, number and attempt).</summary>
    public bool Records(NodeStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.OperationId == OperationId && step.Number == Step && step.Attempt == Attempt;
    }
}
