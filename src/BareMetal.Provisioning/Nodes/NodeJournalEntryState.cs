namespace BareMetal.Provisioning.Nodes;

/// <summary>Where a journaled step is.</summary>
public enum NodeJournalEntryState
{
    /// <summary>Written before the driver was called; no outcome has arrived yet.</summary>
    Started,

    /// <summary>The step finished successfully.</summary>
    Done,

    /// <summary>The step failed.</summary>
    Failed,

    /// <summary>The node stopped waiting for the step without an outcome (it timed out or its operation ended otherwise).</summary>
    Abandoned,
}
