using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;
using BareMetal.Runtime.Serialization;

namespace BareMetal.Contracts.Nodes;

/// <summary>A request for one action on a node (provision verbs, power actions, maintenance).</summary>
/// <param name="Action">What to do.</param>
/// <param name="Parameters">
/// Arguments: deploy/rebuild "image_source" (and optional "configdrive"); clean "clean_steps" (JSON);
/// rescue "rescue_password"; maintenance-on "reason"; none when null.
/// </param>
/// <param name="IdempotencyKey">The client's key, recorded on the operation.</param>
/// <param name="RequestedBy">Who asked (API key name, user, service).</param>
/// <param name="TraceId">The W3C trace id of the request.</param>
/// <param name="Callback">A webhook told when the operation ends; none when null.</param>
[Immutable]
public sealed record NodeActionRequest(
    OperationAction Action,
    IReadOnlyDictionary<string, string>? Parameters = null,
    string? IdempotencyKey = null,
    string? RequestedBy = null,
    string? TraceId = null,
    WebhookTarget? Callback = null);
