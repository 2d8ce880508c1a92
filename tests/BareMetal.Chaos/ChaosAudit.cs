using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BareMetal.Drivers.Simulated;

namespace BareMetal.Chaos;

/// <summary>
/// Audits a run after its load: waits (up to the terminal bound after the last fault and the load's end) for every
/// operation the API accepted to end, then compares what the clients were told, what the API says now (operations,
/// status lists, node histories) and what the simulated hardware did, and measures the faults' effect on clients.
/// </summary>
public sealed class ChaosAudit(ChaosApi api, Stopwatch clock, ChaosOptions options)
{
    private static readonly string[] s_statuses = ["queued", "running", "succeeded", "failed", "cancelled", "timed_out"];
    private static readonly HashSet<string> s_terminal = new(["succeeded", "failed", "cancelled", "timed_out"], StringComparer.Ordinal);
    private static readonly TimeSpan s_sweepPause = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, JsonNode> _operations = new(StringComparer.Ordinal);

    /// <summary>The audit of the recorded <paramref name="calls"/> against the cluster's state now.</summary>
    /// <param name="calls">Every request the clients made.</param>
    /// <param name="faults">The faults injected.</param>
    /// <param name="nodeIds">The nodes the clients acted on.</param>
    /// <param name="hardwareDirectory">The simulated hardware's state folder.</param>
    /// <param name="loadEnded">When the clients stopped.</param>
    /// <param name="webhooks">The audit of the watched nodes' webhooks; none when null.</param>
    public async Task<ChaosSummary> RunAsync(IReadOnlyCollection<ApiCall> calls, IReadOnlyList<Fault> faults, IReadOnlyList<string> nodeIds, string hardwareDirectory, TimeSpan loadEnded, ChaosWebhookAudit? webhooks = null)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(nodeIds);
        var summary = new ChaosSummary();
        var ordered = calls.OrderBy(c => c.Sent).ToList();
        var actions = ordered.Where(c => c.IsAction).ToList();
        var accepted = actions.Where(c => c.Status == 202 && c.OperationId is not null)
            .GroupBy(c => c.OperationId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(c => c.Answered), StringComparer.Ordinal);

        summary.Add(ChaosCheck.Figure("requests sent (actions, cancels, reads)", $"{ordered.Count} ({actions.Count}, {ordered.Count(c => c.Path.EndsWith("cancel?reason=chaos", StringComparison.Ordinal))}, {ordered.Count(c => c.Method == "GET")})"));
        summary.Add(ChaosCheck.Figure("faults", string.Join(", ", faults.Select(f => $"{f.Kind} {f.Silo} at {f.At.TotalSeconds:0}s{(f.Kind == FaultKind.Stop ? (f.DeclaredDead ? " (declared dead)" : " (not declared dead)") : string.Empty)}"))));
        summary.Add(ChaosCheck.Figure("operations answered 202", accepted.Count.ToString(CultureInfo.InvariantCulture)));
        summary.Add(ChaosCheck.Figure("answers by status", string.Join(", ", ordered.GroupBy(c => c.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "none" : g.Key.ToString(CultureInfo.InvariantCulture))}: {g.Count()}"))));

        // 1. Every accepted operation ends within the bound after the last fault (and after the load).
        var lastFault = faults.Count == 0 ? TimeSpan.Zero : faults.Max(f => f.EndedAt);
        var bound = options.TerminalBound + ChaosHardware.LongestStep;
        var deadline = (lastFault > loadEnded ? lastFault : loadEnded) + bound;
        await WaitTerminalAsync(accepted.Keys, deadline);
        var hanging = accepted.Keys.Where(id => !IsTerminal(id)).ToList();
        summary.Add(ChaosCheck.Zero(
            $"accepted operations not terminal {bound.TotalSeconds:0} s after the last fault / the load's end",
            hanging.Count,
            hanging.Select(id => $"{id} {Describe(id)}, accepted at {accepted[id].TotalSeconds:0.0}s")));

        // 2. No operation exists that nobody was answered 202 for and that is not terminal.
        var listed = await ListByStatusAsync();
        var pending = await PendingOfNodesAsync(nodeIds);
        var unanswered = listed.Keys.Concat(pending).Where(id => !accepted.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        await FetchAsync(unanswered.Where(id => !_operations.ContainsKey(id)));
        var strays = unanswered.Where(id => _operations.ContainsKey(id) && !IsTerminal(id)).ToList();
        summary.Add(ChaosCheck.Zero(
            "operations never answered 202 and not terminal",
            strays.Count,
            strays.Select(id => $"{id} {Describe(id)}")));

        // 3. The same key never got two different operations.
        var keyed = actions.Where(c => c.Status == 202 && c.OperationId is not null && c.IdempotencyKey is not null)
            .GroupBy(c => c.IdempotencyKey!, StringComparer.Ordinal)
            .Where(g => g.Select(c => c.OperationId).Distinct(StringComparer.Ordinal).Count() > 1)
            .ToList();
        summary.Add(ChaosCheck.Zero(
            "idempotency keys answered 202 with different operations",
            keyed.Count,
            keyed.Select(g => $"key {g.Key}: {string.Join(", ", g.Select(c => $"{c.OperationId} at {c.Answered.TotalSeconds:0.0}s").Distinct(StringComparer.Ordinal))}")));

        // 4. Each operation's final status agrees with its node's history.
        var disagreements = await HistoryDisagreementsAsync(nodeIds);
        summary.Add(ChaosCheck.Zero("operations whose status disagrees with the node's history", disagreements.Count, disagreements));

        // 5. The list filtered by status agrees with the operations themselves.
        var listProblems = await ListDisagreementsAsync(listed, accepted.Keys.Concat(unanswered));
        summary.Add(ChaosCheck.Zero("GET /api/operations?status=X disagreeing with the operations", listProblems.Count, listProblems));

        // 6. The node list (the fleet index) agrees with the nodes themselves.
        var nodeListProblems = await NodeListDisagreementsAsync(nodeIds);
        summary.Add(ChaosCheck.Zero("nodes that GET /api/nodes shows otherwise than GET /api/nodes/{id}", nodeListProblems.Count, nodeListProblems));

        // 7. The simulated hardware ran no step token twice, and no silo declared dead ran a step after it woke.
        var hardware = new SimulatedStateDirectory(hardwareDirectory);
        var executions = nodeIds.SelectMany(id => hardware.ReadExecutions(id).Select(e => (NodeId: id, Execution: e))).ToList();
        var twice = executions.Where(e => e.Execution.Token is not null)
            .GroupBy(e => e.Execution.Token!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToList();
        summary.Add(ChaosCheck.Figure("steps run on the simulated hardware (not idempotent ones)", executions.Count.ToString(CultureInfo.InvariantCulture)));
        summary.Add(ChaosCheck.Zero(
            "step tokens run twice on the simulated hardware",
            twice.Count,
            twice.Select(g => $"{g.Key} ({g.First().Execution.Kind}): {string.Join("; ", g.Select(e => $"pid {e.Execution.ProcessId} at {e.Execution.At:HH:mm:ss.fff}"))}")));
        var afterDeath = faults.Where(f => f.Kind == FaultKind.Stop && f.DeclaredDead)
            .SelectMany(f => executions.Where(e => e.Execution.ProcessId == f.ProcessId && e.Execution.At >= f.EndedWallClock).Select(e => (Fault: f, e.NodeId, e.Execution)))
            .ToList();
        summary.Add(ChaosCheck.Zero(
            "steps run by a silo after it was declared dead",
            afterDeath.Count,
            afterDeath.Select(a => $"{a.Fault.Silo} (pid {a.Fault.ProcessId}, SIGCONT {a.Fault.EndedWallClock:HH:mm:ss.fff}) ran {a.Execution.Kind} {a.Execution.Token} on {a.NodeId} at {a.Execution.At:HH:mm:ss.fff}")));

        // 8. Webhooks: every end of a watched node's operation told, every change of its states told once.
        if (webhooks is not null)
        {
            var ended = accepted.Keys.Where(IsTerminal).ToDictionary(id => id, id => ((string)_operations[id]["nodeId"]!, StatusOf(_operations[id])!), StringComparer.Ordinal);
            foreach (var check in await webhooks.RunAsync(ended, nodeId => ReadAsync($"api/nodes/{nodeId}"), clock.Elapsed + options.TerminalBound))
            {
                summary.Add(check);
            }
        }

        // 9. Answers: no 500, every 503 with Retry-After.
        var errors = ordered.Where(c => c.Status == 500).ToList();
        summary.Add(ChaosCheck.Zero("answers 500", errors.Count, errors.Select(Describe)));
        var bare503 = ordered.Where(c => c.Status == 503 && !c.RetryAfter).ToList();
        summary.Add(ChaosCheck.Zero("answers 503 without Retry-After", bare503.Count, bare503.Select(Describe)));
        summary.Add(ChaosCheck.Figure("requests unanswered within the client's timeout", ordered.Count(c => c.Unanswered).ToString(CultureInfo.InvariantCulture)));

        // 10. Same-key retries do not keep getting 409 "in progress".
        var (longest409, examples409) = LongestInProgressRuns(ordered);
        summary.Add(ChaosCheck.AtMost("longest run of 409 key-in-progress for one key", longest409, options.InProgressBound, examples409));

        // 11. Failover as clients see it.
        var (killRecovery, killExamples) = KillRecovery(ordered, faults, loadEnded);
        summary.Add(ChaosCheck.AtMost("SIGKILL to the last 503 or unanswered request", killRecovery, options.KillRecoveryBound, killExamples));
        var (stopRecovery, stopExamples, caughtAnswered, wakeHurt) = StopRecovery(ordered, faults);
        summary.Add(ChaosCheck.AtMost($"SIGSTOP to the last request sent that failed or took >{options.SlowAnswer.TotalSeconds:0} s", stopRecovery, options.StopRecoveryBound, stopExamples));
        summary.Add(ChaosCheck.Figure("SIGSTOP to the answer of the last request it caught in flight", $"{caughtAnswered.TotalSeconds:0.0} s (bounded by the gateway's response timeout)"));
        summary.Add(ChaosCheck.Figure($"requests sent while frozen that failed or took >{options.SlowAnswer.TotalSeconds:0} s only after the SIGCONT", wakeHurt.ToString(CultureInfo.InvariantCulture)));
        return summary;
    }

    private static bool IsTerminalStatus(string? status) => status is not null && s_terminal.Contains(status);

    private static string Describe(ApiCall call) =>
        $"{call.Method} {call.Path} key {call.IdempotencyKey ?? "-"} sent {call.Sent.TotalSeconds:0.0}s answered {call.Status} {call.Problem} after {call.Latency.TotalSeconds:0.0}s";

    private static (TimeSpan Longest, IEnumerable<string> Examples) LongestInProgressRuns(IReadOnlyList<ApiCall> calls)
    {
        var runs = new List<(TimeSpan Length, string Example)>();
        foreach (var key in calls.Where(c => c.IdempotencyKey is not null && c.Method == "POST").GroupBy(c => c.IdempotencyKey!, StringComparer.Ordinal))
        {
            ApiCall? first = null;
            ApiCall? last = null;
            var count = 0;
            foreach (var call in key.Concat([null]))
            {
                if (call is { Status: 409, Problem: "idempotency-key-in-progress" })
                {
                    first ??= call;
                    last = call;
                    count++;
                    continue;
                }

                if (first is not null && last is not null)
                {
                    var ended = call is null ? "the client gave up" : $"then {call.Status} {call.Problem}".TrimEnd();
                    runs.Add((last.Answered - first.Sent, $"key {key.Key} on {first.Path}: {count} answers 409 from {first.Sent.TotalSeconds:0.0}s to {last.Answered.TotalSeconds:0.0}s, {ended}"));
                }

                first = null;
                last = null;
                count = 0;
            }
        }

        var sorted = runs.OrderByDescending(r => r.Length).ToList();
        return (sorted.Count == 0 ? TimeSpan.Zero : sorted[0].Length, sorted.Select(r => r.Example));
    }

    private static (TimeSpan Worst, IEnumerable<string> Examples) KillRecovery(IReadOnlyList<ApiCall> calls, IReadOnlyList<Fault> faults, TimeSpan loadEnded)
    {
        var results = new List<(TimeSpan Length, string Example)>();
        foreach (var kill in faults.Where(f => f.Kind == FaultKind.Kill))
        {
            var next = faults.Where(f => f.At > kill.At).Select(f => f.At).DefaultIfEmpty(loadEnded).Min();
            // A 503 fails when it is answered; a request left unanswered failed for whoever sent it at that moment.
            // Only failures the client knew of before the next fault are this kill's.
            var last = calls.Where(c => (c.Status == 503 || c.Unanswered) && FailedAt(c) >= kill.At && c.Answered < next).MaxBy(FailedAt);
            var length = last is null ? TimeSpan.Zero : FailedAt(last) - kill.At;
            results.Add((length, $"SIGKILL {kill.Silo} at {kill.At.TotalSeconds:0.0}s: last 503 or unanswered request {length.TotalSeconds:0.0} s later{(last is null ? string.Empty : $" ({Describe(last)})")}"));
        }

        return (results.Count == 0 ? TimeSpan.Zero : results.Max(r => r.Length), results.OrderByDescending(r => r.Length).Select(r => r.Example));
    }

    private static TimeSpan FailedAt(ApiCall call) => call.Unanswered ? call.Sent : call.Answered;

    // A frozen silo hurts the gateway until the cluster declares it dead and the gateway drops it; requests sent from
    // then on are served by the survivors. Requests it caught in flight can only end by the gateway's response timeout
    // (nobody can tell whether a frozen silo will still answer), so they are reported apart, by when they were answered.
    // A request is judged by what happened while the silo was frozen: it counts if it was answered 5xx, or had waited
    // longer than SlowAnswer, before the SIGCONT. What comes after the SIGCONT (the woken silo finds itself dead and
    // stops, its stale messages and connections are dropped) is another disturbance; the requests it slowed are
    // counted apart (WakeHurt).
    private (TimeSpan Worst, IEnumerable<string> Examples, TimeSpan CaughtAnswered, int WakeHurt) StopRecovery(IReadOnlyList<ApiCall> calls, IReadOnlyList<Fault> faults)
    {
        var results = new List<(TimeSpan Length, string Example)>();
        var caughtAnswered = TimeSpan.Zero;
        var wakeHurt = 0;
        foreach (var stop in faults.Where(f => f.Kind == FaultKind.Stop))
        {
            var during = calls.Where(c => c.Sent >= stop.At && c.Sent < stop.EndedAt && (c.Unanswered || c.Status >= 500 || c.Latency > options.SlowAnswer)).ToList();
            var hurt = during.Where(c => c.Status >= 500 ? c.Answered < stop.EndedAt : c.Sent + options.SlowAnswer <= stop.EndedAt).ToList();
            wakeHurt += during.Count - hurt.Count;
            var last = hurt.MaxBy(c => c.Sent);
            var length = last is null ? TimeSpan.Zero : last.Sent - stop.At;
            if (hurt.Count > 0 && hurt.Max(c => c.Answered) - stop.At is var answered && answered > caughtAnswered)
            {
                caughtAnswered = answered;
            }

            results.Add((length, $"SIGSTOP {stop.Silo} at {stop.At.TotalSeconds:0.0}s: last failed or slow request sent {length.TotalSeconds:0.0} s later{(last is null ? string.Empty : $" ({Describe(last)})")}"));
        }

        return (results.Count == 0 ? TimeSpan.Zero : results.Max(r => r.Length), results.OrderByDescending(r => r.Length).Select(r => r.Example), caughtAnswered, wakeHurt);
    }

    private bool IsTerminal(string id) => _operations.TryGetValue(id, out var view) && IsTerminalStatus(StatusOf(view));

    private static string? StatusOf(JsonNode? view) =>
        view?["status"]?.GetValueKind() == JsonValueKind.String ? (string?)view["status"] : null;

    private string Describe(string id)
    {
        if (!_operations.TryGetValue(id, out var view))
        {
            return "(could not be read)";
        }

        return $"{view["action"]} on {view["nodeId"]} {StatusOf(view)}, step {view["progress"]?["stepNumber"]}/{view["progress"]?["stepCount"]} '{view["progress"]?["message"]}', created {view["createdAt"]}";
    }

    private async Task WaitTerminalAsync(IEnumerable<string> ids, TimeSpan deadline)
    {
        var open = ids.ToList();
        while (true)
        {
            await FetchAsync(open);
            open = [.. open.Where(id => !IsTerminal(id))];
            if (open.Count == 0 || clock.Elapsed > deadline)
            {
                return;
            }

            Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0}s] audit: {open.Count} accepted operations not terminal yet; waiting until {deadline.TotalSeconds:0}s");

            // Nothing signals an operation's end to a poller of many operations; look again after a pause.
            await Task.Delay(s_sweepPause);
        }
    }

    private async Task FetchAsync(IEnumerable<string> ids)
    {
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(ids.Select(async id =>
        {
            await gate.WaitAsync();
            try
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    var (call, view) = await api.SendAsync(HttpMethod.Get, $"api/operations/{id}");
                    if (call.Status == 200 && view is not null)
                    {
                        _operations[id] = view;
                        return;
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private async Task<Dictionary<string, string>> ListByStatusAsync()
    {
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var status in s_statuses)
        {
            foreach (var item in await ReadAllPagesAsync($"api/operations?status={status}&limit=1000"))
            {
                if (item?["id"] is JsonValue id)
                {
                    listed[(string)id!] = status;
                }
            }
        }

        return listed;
    }

    private async Task<List<JsonNode?>> ReadAllPagesAsync(string path)
    {
        var items = new List<JsonNode?>();
        string? cursor = null;
        do
        {
            var page = await ReadAsync(cursor is null ? path : $"{path}&cursor={Uri.EscapeDataString(cursor)}");
            items.AddRange(page?["items"]?.AsArray() ?? []);
            cursor = page?["nextCursor"]?.GetValueKind() == JsonValueKind.String ? (string?)page["nextCursor"] : null;
        }
        while (cursor is not null);
        return items;
    }

    private async Task<JsonNode?> ReadAsync(string path)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (call, body) = await api.SendAsync(HttpMethod.Get, path);
            if (call.Status == 200)
            {
                return body;
            }
        }

        throw new InvalidOperationException($"GET {path} did not answer 200 in 5 attempts.");
    }

    private async Task<List<string>> PendingOfNodesAsync(IReadOnlyList<string> nodeIds)
    {
        var pending = new ConcurrentBag<string>();
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(nodeIds.Select(async nodeId =>
        {
            await gate.WaitAsync();
            try
            {
                var node = await ReadAsync($"api/nodes/{nodeId}");
                foreach (var operation in node?["pendingOperations"]?.AsArray() ?? [])
                {
                    if (operation?["id"] is JsonValue id)
                    {
                        pending.Add((string)id!);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. pending];
    }

    // The node's history ends each operation it ran with "succeeded", "failed", "timed-out" or "cancelled"; an
    // operation whose own record says otherwise (or is still unfinished) lies to whoever polls it.
    private async Task<List<string>> HistoryDisagreementsAsync(IReadOnlyList<string> nodeIds)
    {
        var found = new ConcurrentBag<string>();
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(nodeIds.Select(async nodeId =>
        {
            await gate.WaitAsync();
            try
            {
                var history = await ReadAsync($"api/nodes/{nodeId}/history");
                var ends = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var entry in history?.AsArray() ?? [])
                {
                    var operationId = entry?["operationId"]?.GetValueKind() == JsonValueKind.String ? (string?)entry["operationId"] : null;
                    var kind = (string?)entry?["event"];
                    var status = kind switch
                    {
                        "succeeded" => "succeeded",
                        "failed" => "failed",
                        "timed-out" => "timed_out",
                        "cancelled" => "cancelled",
                        _ => null,
                    };
                    if (operationId is not null && status is not null)
                    {
                        ends[operationId] = status;
                    }
                }

                await FetchAsync(ends.Keys.Where(id => !_operations.ContainsKey(id)));
                foreach (var (operationId, ended) in ends)
                {
                    var status = _operations.TryGetValue(operationId, out var view) ? StatusOf(view) : null;
                    if (status != ended)
                    {
                        found.Add($"{operationId} on {nodeId}: history says {ended}, the operation says {status ?? "(unreadable)"}");
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. found];
    }

    // A node the list shows at an older version, in another state, or not at all: the index missed a change. A node can
    // change between the two reads (a power sync), so the suspects are read once more, 3 s later.
    private async Task<List<string>> NodeListDisagreementsAsync(IReadOnlyList<string> nodeIds)
    {
        var suspects = await CompareNodeListAsync(nodeIds);
        if (suspects.Count == 0)
        {
            return [];
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        return [.. (await CompareNodeListAsync(suspects.Keys)).Values];
    }

    private async Task<Dictionary<string, string>> CompareNodeListAsync(IEnumerable<string> nodeIds)
    {
        var listed = (await ReadAllPagesAsync("api/nodes?limit=1000"))
            .Where(n => n?["id"] is JsonValue)
            .ToDictionary(n => (string)n!["id"]!, n => n!, StringComparer.Ordinal);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var nodeId in nodeIds)
        {
            var node = await ReadAsync($"api/nodes/{nodeId}");
            if (!listed.TryGetValue(nodeId, out var entry))
            {
                problems[nodeId] = $"{nodeId} is not listed";
            }
            else if (NodeSummary(entry) != NodeSummary(node))
            {
                problems[nodeId] = $"{nodeId} listed as {NodeSummary(entry)}, the node says {NodeSummary(node)}";
            }
        }

        return problems;
    }

    private static string NodeSummary(JsonNode? node) =>
        $"version {node?["version"]} {node?["provisionState"]}/{node?["powerState"]}{(node?["maintenance"]?.GetValueKind() == JsonValueKind.True ? " maintenance" : string.Empty)}";

    private async Task<List<string>> ListDisagreementsAsync(Dictionary<string, string> listed, IEnumerable<string> known)
    {
        var suspects = Compare(listed, known);
        if (suspects.Count == 0)
        {
            return [];
        }

        // An operation can end between the list read and its own read: look at the suspects once more.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var again = await ListByStatusAsync();
        await FetchAsync(suspects.Keys);
        return [.. Compare(again, suspects.Keys).Values];
    }

    private Dictionary<string, string> Compare(Dictionary<string, string> listed, IEnumerable<string> known)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, status) in listed)
        {
            if (_operations.TryGetValue(id, out var view) && StatusOf(view) is { } actual && actual != status)
            {
                problems[id] = $"{id} listed as {status}, the operation says {actual}";
            }
        }

        foreach (var id in known.Distinct(StringComparer.Ordinal))
        {
            if (_operations.TryGetValue(id, out var view) && StatusOf(view) is "queued" or "running" && (!listed.TryGetValue(id, out var status) || status != StatusOf(view)))
            {
                problems[id] = $"{id} is {StatusOf(view)} but missing from ?status={StatusOf(view)}";
            }
        }

        return problems;
    }
}
