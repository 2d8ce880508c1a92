namespace BareMetal.Contracts.Operations;

/// <summary>Where an operation is in its life: queued → running → succeeded | failed | cancelled | timed out.</summary>
public enum OperationStatus
{
    /// <summary>Accepted, waiting for a worker.</summary>
    Queued,

    /// <summary>A worker is executing its steps.</summary>
    Running,

    /// <summary>Finished with a result.</summary>
    Succeeded,

    /// <summary>Finished with an error.</summary>
    Failed,

    /// <summary>Stopped on request before it finished.</summary>
    Cancelled,

    /// <summary>Did not finish within its deadline.</summary>
    TimedOut,
}
