using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using BareMetal.Client.Http;
using BareMetal.Client.Models;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Client;

/// <summary>The nodes of the API (/api/nodes). A node is named by its id or its unique name (its "ident").</summary>
public sealed class NodesClient
{
    private const string MergePatchMediaType = "application/merge-patch+json";
    private readonly ApiTransport _transport;
    private readonly OperationsClient _operations;

    internal NodesClient(ApiTransport transport, OperationsClient operations)
    {
        _transport = transport;
        _operations = operations;
    }

    /// <summary>One page of nodes, in id order.</summary>
    /// <param name="query">Filters and paging; all nodes from the start when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ItemPage<Node>> ListAsync(NodeListQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new NodeListQuery();
        var path = new QueryString("api/nodes")
            .Add("provisionState", query.ProvisionState?.ToIronicName())
            .Add("powerState", query.PowerState?.ToIronicName())
            .Add("maintenance", query.Maintenance is { } m ? (m ? "true" : "false") : null)
            .Add("resourceClass", query.ResourceClass)
            .Add("owner", query.Owner)
            .Add("driver", query.Driver)
            .Add("search", query.Search)
            .Add("limit", query.Limit?.ToString(CultureInfo.InvariantCulture))
            .Add("cursor", query.Cursor);
        return _transport.GetAsync<ItemPage<Node>>(path.ToString(), cancellationToken);
    }

    /// <summary>Every node matching <paramref name="query"/>, following the pages.</summary>
    /// <param name="query">Filters (and page size); all nodes when null.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public async IAsyncEnumerable<Node> ListAllAsync(NodeListQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var current = query ?? new NodeListQuery();
        while (true)
        {
            var page = await ListAsync(current, cancellationToken);
            foreach (var node in page.Items)
            {
                yield return node;
            }

            if (page.NextCursor is null)
            {
                yield break;
            }

            current = current with { Cursor = page.NextCursor };
        }
    }

    /// <summary>One node with its pending operations.</summary>
    /// <param name="ident">The node's id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BareMetalNotFoundException">No such node.</exception>
    public Task<Node> GetAsync(string ident, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<Node>(NodePath(ident), cancellationToken);

    /// <summary>Enrolls a node (it starts in "enroll").</summary>
    /// <param name="node">The node to enroll.</param>
    /// <param name="idempotencyKey">The Idempotency-Key; a new one when null (the same on every retry).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BareMetalRefusedException">The node is not valid, or its name or id is taken.</exception>
    public Task<Node> CreateAsync(NewNode node, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        return _transport.SendJsonAsync<Node>(HttpMethod.Post, "api/nodes", node, null, idempotencyKey ?? NewKey(), cancellationToken);
    }

    /// <summary>Changes a node's editable fields.</summary>
    /// <param name="ident">The node's id or name.</param>
    /// <param name="changes">What to change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<Node> UpdateAsync(string ident, NodeChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return PatchAsync(ident, changes.ToMergePatch(), cancellationToken);
    }

    /// <summary>Applies a JSON merge patch (RFC 7386) to a node's editable fields.</summary>
    /// <param name="ident">The node's id or name.</param>
    /// <param name="mergePatch">The patch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<Node> PatchAsync(string ident, JsonObject mergePatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mergePatch);

        // A merge patch is not retried: applied twice after a lost answer it is harmless, but a conflicting edit by
        // someone else in between would be overwritten silently.
        return _transport.SendJsonAsync<Node>(HttpMethod.Patch, NodePath(ident), mergePatch, MergePatchMediaType, null, cancellationToken);
    }

    /// <summary>Deletes a node (refused while it is deployed or busy).</summary>
    /// <param name="ident">The node's id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task DeleteAsync(string ident, CancellationToken cancellationToken = default) => _transport.DeleteAsync(NodePath(ident), cancellationToken);

    /// <summary>The node's history (enrolled, requests, transitions, steps, outcomes), oldest first.</summary>
    /// <param name="ident">The node's id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<NodeHistoryEntry>> HistoryAsync(string ident, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<IReadOnlyList<NodeHistoryEntry>>(NodePath(ident) + "/history", cancellationToken);

    /// <summary>The node's recent operations.</summary>
    /// <param name="ident">The node's id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<OperationView>> RecentOperationsAsync(string ident, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<IReadOnlyList<OperationView>>(NodePath(ident) + "/operations", cancellationToken);

    /// <summary>
    /// Asks the node for an action. The server validates and queues it and answers at once; await the returned
    /// handle's <see cref="OperationHandle.WaitAsync"/> to follow it to its end.
    /// </summary>
    /// <param name="ident">The node's id or name.</param>
    /// <param name="action">The action.</param>
    /// <param name="parameters">The action's arguments (image_source, reason, clean_steps, ...); none when null.</param>
    /// <param name="options">Idempotency key and completion callback; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the call (not the operation).</param>
    /// <exception cref="BareMetalRefusedException">The action is not allowed now (the message says why).</exception>
    /// <exception cref="BareMetalConflictException">Another operation holds the node.</exception>
    /// <exception cref="BareMetalOverloadedException">The node's queue is full and the retries ran out.</exception>
    public async Task<OperationHandle> ActAsync(
        string ident,
        OperationAction action,
        IReadOnlyDictionary<string, string>? parameters = null,
        ActionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var body = new Dictionary<string, object>(StringComparer.Ordinal);
        if (parameters is { Count: > 0 })
        {
            body["parameters"] = parameters;
        }

        if (options?.CallbackUrl is { } callback)
        {
            body["callback"] = options.CallbackSecret is { } secret
                ? new Dictionary<string, string> { ["url"] = callback.ToString(), ["secret"] = secret }
                : new Dictionary<string, string> { ["url"] = callback.ToString() };
        }

        var accepted = await _transport.SendJsonAsync<ActionAccepted>(
            HttpMethod.Post,
            NodePath(ident) + "/actions/" + action.ToWireName(),
            body,
            null,
            options?.IdempotencyKey ?? NewKey(),
            cancellationToken);
        return new OperationHandle(_operations, accepted.Operation, accepted);
    }

    /// <summary>enroll → manageable (verifies the driver can reach the BMC).</summary>
    public Task<OperationHandle> ManageAsync(string ident, CancellationToken cancellationToken = default) =>
        ActAsync(ident, OperationAction.Manage, cancellationToken: cancellationToken);

    /// <summary>manageable → available (cleans the node when automated cleaning is on).</summary>
    public Task<OperationHandle> ProvideAsync(string ident, CancellationToken cancellationToken = default) =>
        ActAsync(ident, OperationAction.Provide, cancellationToken: cancellationToken);

    /// <summary>available → active: writes <paramref name="imageSource"/> (or the default image when null) and boots it.</summary>
    public Task<OperationHandle> DeployAsync(string ident, string? imageSource = null, CancellationToken cancellationToken = default) =>
        ActAsync(ident, OperationAction.Deploy, imageSource is null ? null : new Dictionary<string, string> { ["image_source"] = imageSource }, cancellationToken: cancellationToken);

    /// <summary>active → available: tears the instance down (and cleans).</summary>
    public Task<OperationHandle> UndeployAsync(string ident, CancellationToken cancellationToken = default) =>
        ActAsync(ident, OperationAction.Undeploy, cancellationToken: cancellationToken);

    /// <summary>Powers the node on.</summary>
    public Task<OperationHandle> PowerOnAsync(string ident, CancellationToken cancellationToken = default) =>
        ActAsync(ident, OperationAction.PowerOn, cancellationToken: cancellationToken);

    /// <summary>Powers the node off.</summary>
    public Task<OperationHandle> PowerOffAsync(string ident, CancellationToken cancellationToken = default) =>
        ActAsync(ident, OperationAction.PowerOff, cancellationToken: cancellationToken);

    /// <summary>Reboots the node.</summary>
    public Task<OperationHandle> RebootAsync(string ident, CancellationToken cancellationToken = default) =>
        ActAsync(ident, OperationAction.Reboot, cancellationToken: cancellationToken);

    /// <summary>Puts the node in maintenance (no actions run on it until maintenance is off).</summary>
    public Task<OperationHandle> MaintenanceOnAsync(string ident, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(ident, OperationAction.MaintenanceOn, reason is null ? null : new Dictionary<string, string> { ["reason"] = reason }, cancellationToken: cancellationToken);

    /// <summary>Takes the node out of maintenance.</summary>
    public Task<OperationHandle> MaintenanceOffAsync(string ident, CancellationToken cancellationToken = default) =>
        ActAsync(ident, OperationAction.MaintenanceOff, cancellationToken: cancellationToken);

    internal static string NodePath(string ident)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ident);
        return "api/nodes/" + Uri.EscapeDataString(ident);
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");
}
