using System.Collections.Immutable;
using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Operations;

/// <summary>The durable state of one operation; changed only with <c>with</c> and written after every change.</summary>
public sealed record OperationState
{
    /// <summary>Whether <c>Create</c> has run; a fresh activation of an unknown id has false.</summary>
    public bool Exists { get; init; }

    /// <summary>The operation id.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The request as created.</summary>
    public OperationRequest? Request { get; init; }

    /// <summary>The request body's fingerprint, compared on repeated creates.</summary>
    public string RequestFingerprint { get; init; } = string.Empty;

    /// <summary>The current status.</summary>
    public OperationStatus Status { get; init; }

    /// <summary>Step n of m.</summary>
    public OperationProgress Progress { get; init; } = OperationProgress.None;

    /// <summary>The result of a succeeded operation.</summary>
    public string? Result { get; init; }

    /// <summary>The error of an operation that did not succeed.</summary>
    public string? Error { get; init; }

    /// <summary>When it was queued.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it started running.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it reached its terminal status.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Whether the running step can be interrupted.</summary>
    public bool RunningStepCancellable { get; init; } = true;

    /// <summary>Why the running step cannot be interrupted.</summary>
    public string? NotCancellableReason { get; init; }

    /// <summary>Whether a cancellation of the running operation was accepted.</summary>
    public bool CancellationRequested { get; init; }

    /// <summary>The reason given with the accepted cancellation.</summary>
    public string? CancellationReason { get; init; }

    /// <summary>Bumped by every write; what long-polls compare against.</summary>
    public long Version { get; init; }

    /// <summary>Whether the terminal status was written without its notifications prepared (a reminder retries them).</summary>
    public bool NotificationsPending { get; init; }

    /// <summary>Completion notifications attempted, oldest first.</summary>
    public ImmutableList<DeliveryAttempt> DeliveryAttempts { get; init; } = [];
}
