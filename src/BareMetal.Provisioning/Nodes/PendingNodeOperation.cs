using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Nodes;

/// <summary>An operation running or queued on a node.</summary>
/// <param name="OperationId">The operation grain's id.</param>
/// <param name="Verb">The provision verb it carries out; null for a power action.</param>
/// <param name="ExpectedState">The stable state the node reaches when it succeeds (later requests are validated against it).</param>
/// <param name="IdempotencyKey">The client's key.</param>
public sealed record PendingNodeOperation(string OperationId, ProvisionEvent? Verb, ProvisionState ExpectedState, string? IdempotencyKey)
{
    /// <summary>The requested action (duplicates are recognised by it).</summary>
    public OperationAction Action { get; init; }

    /// <summary>The request's parameters (image source, rescue password, clean steps).</summary>
    public ImmutableDictionary<string, string> Parameters { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Who asked.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>The trace id of the request, copied to the history entries of the operation.</summary>
    public string? TraceId { get; init; }
}
