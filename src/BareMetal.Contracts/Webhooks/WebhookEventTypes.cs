namespace BareMetal.Contracts.Webhooks;

/// <summary>The event types a webhook can receive.</summary>
public static class WebhookEventTypes
{
    /// <summary>An operation ended successfully.</summary>
    public const string OperationSucceeded = "operation.succeeded";

    /// <summary>An operation failed.</summary>
    public const string OperationFailed = "operation.failed";

    /// <summary>An operation was cancelled.</summary>
    public const string OperationCancelled = "operation.cancelled";

    /// <summary>An operation timed out.</summary>
    public const string OperationTimedOut = "operation.timed_out";

    /// <summary>A node's provision state changed.</summary>
    public const string NodeProvisionStateChanged = "node.provision_state_changed";

    /// <summary>A node's power state changed (by an action or detected drift).</summary>
    public const string NodePowerStateChanged = "node.power_state_changed";

    /// <summary>Every type above.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        OperationSucceeded, OperationFailed, OperationCancelled, OperationTimedOut, NodeProvisionStateChanged, NodePowerStateChanged,
    ];
}
