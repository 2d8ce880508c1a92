using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Chaos;

/// <summary>
/// Audits the webhooks of the watched nodes (each subscribed to every event type before the load): every operation of
/// theirs that ended was told once to the receiver with its end, and their node events tell every change of the
/// provision and power state, none lost or told twice, the last one saying where the node stands now.
/// </summary>
/// <param name="receiver">The endpoint the subscriptions deliver to.</param>
/// <param name="watched">The watched nodes as the API showed them right after subscribing (the changes before are not checked).</param>
/// <param name="clock">The run's clock.</param>
public sealed class ChaosWebhookAudit(ChaosWebhookReceiver receiver, IReadOnlyDictionary<string, JsonNode> watched, Stopwatch clock)
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Waits until <paramref name="deadline"/> (on the run's clock) for the webhooks to agree with the ended operations
    /// (<paramref name="endedOperations"/>: id to node id and status, as the API shows them) and with the nodes as
    /// <paramref name="readNode"/> shows them; then the checks.
    /// </summary>
    public async Task<IReadOnlyList<ChaosCheck>> RunAsync(IReadOnlyDictionary<string, (string NodeId, string Status)> endedOperations, Func<string, Task<JsonNode?>> readNode, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(endedOperations);
        ArgumentNullException.ThrowIfNull(readNode);
        var expected = endedOperations.Where(o => watched.ContainsKey(o.Value.NodeId)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        var nodes = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var nodeId in watched.Keys)
        {
            nodes[nodeId] = await readNode(nodeId) ?? throw new InvalidOperationException($"node {nodeId} is gone");
        }

        // Deliveries after a fault may come late (a delivery resumed by its reminder, an event raised by its node's next
        // activation): asked again until they agree or the deadline passes.
        List<string> missing;
        List<string> broken;
        while (true)
        {
            var received = receiver.Received;
            missing = MissingOperationEvents(received, expected);
            broken = [.. watched.Keys.SelectMany(id => BrokenNodeEvents(received, id, nodes[id]))];
            if ((missing.Count == 0 && broken.Count == 0) || clock.Elapsed >= deadline)
            {
                break;
            }

            await Task.Delay(s_poll);
        }

        var all = receiver.Received;
        var twice = all.GroupBy(w => (w.Event, w.DataId, w.Version))
            .Where(g => g.Select(w => w.Delivery).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => $"{g.Key.Event} of {g.Key.DataId}{(g.Key.Version is { } v ? $" version {v}" : string.Empty)} in deliveries {string.Join(", ", g.Select(w => w.Delivery).Distinct(StringComparer.Ordinal))}")
            .ToList();
        var unsigned = all.Where(w => !w.Signed).Select(w => $"{w.Event} {w.Delivery} of {w.DataId}").ToList();
        return
        [
            ChaosCheck.Figure("webhook POSTs of the watched nodes (operation ends, node events)", $"{all.Count} ({all.Count(w => w.Event.StartsWith("operation.", StringComparison.Ordinal))}, {all.Count(w => w.Event.StartsWith("node.", StringComparison.Ordinal))}) for {watched.Count} nodes and {expected.Count} ended operations"),
            ChaosCheck.Zero("ended operations of watched nodes never told to their subscription", missing.Count, missing),
            ChaosCheck.Zero("node event sequences with a change lost (or not telling where the node stands)", broken.Count, broken),
            ChaosCheck.Zero("events told in two deliveries", twice.Count, twice),
            ChaosCheck.Zero("webhook POSTs whose signature does not check out", unsigned.Count, unsigned),
        ];
    }

    private static List<string> MissingOperationEvents(IReadOnlyList<ChaosWebhook> received, IReadOnlyDictionary<string, (string NodeId, string Status)> expected)
    {
        var told = received.Where(w => w.Event.StartsWith("operation.", StringComparison.Ordinal)).ToLookup(w => w.DataId, StringComparer.Ordinal);
        return
        [
            .. expected.Where(o => !told[o.Key].Any(w => w.Event == "operation." + o.Value.Status && w.Status == o.Value.Status))
                .Select(o => $"{o.Key} on {o.Value.NodeId} ended {o.Value.Status}; told: {string.Join(", ", told[o.Key].Select(w => w.Event).DefaultIfEmpty("nothing"))}"),
        ];
    }

    // Each write that changes a state raises one event with the state it left, so, in version order, an event's state
    // differs from the one before it (the first from the state when the subscription began), and the last is the
    // node's state now. Two equal neighbours mean a change between them was lost; a last one that disagrees, that the
    // latest change was.
    private IEnumerable<string> BrokenNodeEvents(IReadOnlyList<ChaosWebhook> received, string nodeId, JsonNode now)
    {
        var start = watched[nodeId];
        var since = (long)start["version"]!;
        foreach (var (eventType, state, field) in new (string, Func<ChaosWebhook, string?>, string)[]
                 {
                     ("node.provision_state_changed", w => w.ProvisionState, "provisionState"),
                     ("node.power_state_changed", w => w.PowerState, "powerState"),
                 })
        {
            var told = received.Where(w => w.Event == eventType && w.DataId == nodeId && w.Version > since)
                .DistinctBy(w => w.Version)
                .OrderBy(w => w.Version)
                .Select(w => (Version: w.Version!.Value, State: Normalized(state(w))))
                .ToList();
            var previous = (Version: since, State: Normalized(ApiState(start, field)));
            foreach (var change in told)
            {
                if (change.State == previous.State)
                {
                    yield return $"{nodeId} {eventType}: versions {previous.Version} and {change.Version} both tell {change.State}; a change between them was not told";
                }

                previous = change;
            }

            var current = Normalized(ApiState(now, field));
            if (previous.State != current)
            {
                yield return $"{nodeId} {eventType}: the last told (version {previous.Version.ToString(CultureInfo.InvariantCulture)}) is {previous.State}, the node is {current} at version {(long)now["version"]!}";
            }
        }
    }

    private static string? ApiState(JsonNode node, string field) => node[field]?.GetValueKind() == JsonValueKind.String ? (string?)node[field] : null;

    // The API shows Ironic's names ("power on", "wait call-back"), webhooks the enum's snake_case names ("on",
    // "deploy_wait"): both read back to the enum's name.
    private static string Normalized(string? name)
    {
        if (name is null)
        {
            return nameof(PowerState.Unknown);
        }

        if (ProvisionStateNames.TryParse(name, out var provision))
        {
            return provision.ToString();
        }

        if (PowerStateNames.TryParse(name, out var power))
        {
            return power.ToString();
        }

        var compact = name.Replace("_", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse<ProvisionState>(compact, ignoreCase: true, out provision) ? provision.ToString()
            : Enum.TryParse(compact, ignoreCase: true, out power) ? power.ToString()
            : name;
    }
}
