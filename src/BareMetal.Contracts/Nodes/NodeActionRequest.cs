using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;

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
[GenerateSerializer, Immutable, Alias("baremetal.NodeActionRequest")]
public sealed record NodeActionRequest(
    [property: Id(0)] OperationAction Action,
    [property: Id(1)] IReadOnlyDictionary<string, string>? Parameters = null,
    [property: Id(2)] string? IdempotencyKey = null,
    [property: Id(3)] string? RequestedBy = null,
    [property: Id(4)] string? TraceId = null,
    [property: Id(5)] WebhookTarget? Callback = null);
