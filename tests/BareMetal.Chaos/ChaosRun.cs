using System.Globalization;
using System.Text.Json.Nodes;
using BareMetal.TestInfrastructure;

namespace BareMetal.Chaos;

/// <summary>
/// One chaos run: the cluster started on <see cref="PostgresServer"/>, nodes enrolled, the clients' load with the
/// faults inside it, then the audit. The silo and gateway logs are written to a folder named in the output.
/// </summary>
public static class ChaosRun
{
    private static readonly TimeSpan s_loadAfterLastFault = TimeSpan.FromSeconds(10);

    /// <summary>Runs the scenario of <paramref name="options"/>; the summary (also written to <paramref name="output"/>).</summary>
    /// <remarks>
    /// When <paramref name="interrupted"/> fires before the audit, the load and the faults stop (a frozen silo is
    /// continued), the cluster is stopped, and <see cref="OperationCanceledException"/> is thrown: no audit, no summary.
    /// </remarks>
    public static async Task<ChaosSummary> RunAsync(PostgresServer postgres, ChaosOptions options, TextWriter output, CancellationToken interrupted = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var hardwareDirectory = Directory.CreateTempSubdirectory("baremetal-chaos-hardware-").FullName;
        var logDirectory = options.LogDirectory ?? Directory.CreateTempSubdirectory("baremetal-chaos-logs-").FullName;
        try
        {
            await using var cluster = await ChaosCluster.StartAsync(postgres, hardwareDirectory);
            var clock = cluster.Clock;
            void Say(string text) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:0}s] {text}"));
            Say($"cluster ready: {string.Join(", ", cluster.Silos.Select(s => $"{s.Name} pid {s.ProcessId}"))}; gateway {cluster.Gateway} pid {cluster.GatewayProcessId}");
            interrupted.ThrowIfCancellationRequested();
            Say($"options: nodes={options.Nodes} clients={options.Clients} duration={options.Duration.TotalSeconds:0} kills={options.Kills} stops={options.Stops} stop-length={options.StopLength.TotalSeconds:0} seed={options.Seed}");

            using var api = new ChaosApi(cluster.Gateway, clock, options.RequestTimeout);
            var nodeIds = await ChaosClient.EnrollAsync(api, options.Nodes);
            Say($"{nodeIds.Count} nodes enrolled");
            interrupted.ThrowIfCancellationRequested();
            await using var receiver = await ChaosWebhookReceiver.StartAsync(clock);
            var watched = await SubscribeAsync(api, receiver, nodeIds.Take(options.WebhookNodes));
            Say($"{watched.Count} nodes' webhooks watched at {receiver.Url}");

            var loadStarted = clock.Elapsed;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
            var clients = Enumerable.Range(0, options.Clients)
                .Select(i => new ChaosClient(api, nodeIds, options, options.Seed + i).RunAsync(stop.Token))
                .ToList();
            var faults = InjectFaultsAsync(cluster, options, loadStarted, Say, interrupted);
            var progress = ReportProgressAsync(api, Say, stop.Token);
            try
            {
                // The load lasts its duration, and past the last fault (a slow restart delays the next fault) long
                // enough for clients to see the cluster recovered: the scenario's timing, not a wait for a condition.
                await Task.WhenAll(Task.Delay(options.Duration, interrupted), faults);
                await Task.Delay(s_loadAfterLastFault, interrupted);
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(clients);
                await progress;
            }

            var loadEnded = clock.Elapsed;
            Say($"load over: {api.Calls.Count} requests; auditing");

            using var auditApi = new ChaosApi(cluster.Gateway, clock, TimeSpan.FromSeconds(30)) { Recording = false };
            var webhooks = watched.Count == 0 ? null : new ChaosWebhookAudit(receiver, watched, clock);
            var summary = await new ChaosAudit(auditApi, clock, options).RunAsync(api.Calls, cluster.Faults, nodeIds, hardwareDirectory, loadEnded, webhooks);
            await cluster.WriteLogsAsync(logDirectory);
            Say($"silo and gateway logs: {logDirectory}");
            output.Write(summary.ToString());
            return summary;
        }
        finally
        {
            try
            {
                Directory.Delete(hardwareDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A silo still writing as it dies; the temp folder is the system's to clean.
            }
        }
    }

    // One subscription per watched node, to every event type, and the node as it stands once subscribed: the audit
    // checks the changes after that view. Not recorded as load.
    private static async Task<IReadOnlyDictionary<string, JsonNode>> SubscribeAsync(ChaosApi api, ChaosWebhookReceiver receiver, IEnumerable<string> nodeIds)
    {
        var watched = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        api.Recording = false;
        foreach (var nodeId in nodeIds)
        {
            var subscription = new JsonObject { ["url"] = receiver.Url.ToString(), ["secret"] = ChaosWebhookReceiver.Secret, ["nodeId"] = nodeId };
            var (created, _) = await api.SendAsync(HttpMethod.Post, "api/webhooks", subscription);
            var (read, node) = await api.SendAsync(HttpMethod.Get, $"api/nodes/{nodeId}");
            if (created.Status != 201 || read.Status != 200 || node is null)
            {
                throw new InvalidOperationException($"subscribing to node {nodeId}'s webhooks answered {created.Status}, reading it {read.Status}");
            }

            watched[nodeId] = node;
        }

        api.Recording = true;
        return watched;
    }

    // Faults spread evenly over the load, kills and stops alternating, each on the next live silo in turn.
    private static async Task InjectFaultsAsync(ChaosCluster cluster, ChaosOptions options, TimeSpan loadStarted, Action<string> say, CancellationToken interrupted)
    {
        var kinds = new List<FaultKind>();
        for (var i = 0; i < Math.Max(options.Kills, options.Stops); i++)
        {
            if (i < options.Kills)
            {
                kinds.Add(FaultKind.Kill);
            }

            if (i < options.Stops)
            {
                kinds.Add(FaultKind.Stop);
            }
        }

        for (var i = 0; i < kinds.Count; i++)
        {
            var at = loadStarted + (options.Duration * (i + 1) / (kinds.Count + 1));
            var wait = at - cluster.Clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                // The schedule of the scenario: faults at set times of the load.
                await Task.Delay(wait, interrupted);
            }

            var live = cluster.LiveSilos();
            var victim = live[i % live.Count];
            if (kinds[i] == FaultKind.Kill)
            {
                say($"SIGKILL {victim.Name} (pid {victim.ProcessId})");
                await cluster.KillAndRestartAsync(victim);
                say($"{victim.Name} restarted on its ports");
            }
            else
            {
                say($"SIGSTOP {victim.Name} (pid {victim.ProcessId}) for {options.StopLength.TotalSeconds:0} s");
                var fault = await cluster.StopAndContinueAsync(victim, options.StopLength, interrupted);
                say($"SIGCONT {victim.Name}: {(fault.DeclaredDead ? "it had been declared dead; restarted on its ports" : "still a member")}");
            }
        }
    }

    private static async Task ReportProgressAsync(ChaosApi api, Action<string> say, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // A progress line every 15 s of load, for whoever watches the run.
                await Task.Delay(TimeSpan.FromSeconds(15), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var calls = api.Calls;
            say($"{calls.Count} requests; {calls.Count(c => c.IsAction && c.Status == 202)} actions accepted; {calls.Count(c => c.Status == 503)} answers 503; {calls.Count(c => c.Status == 500)} answers 500; {calls.Count(c => c.Unanswered)} unanswered");
        }
    }
}
