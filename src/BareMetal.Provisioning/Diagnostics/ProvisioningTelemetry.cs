using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Diagnostics;

/// <summary>
/// The provisioning layer's instruments (meter <see cref="MeterName"/>, documented in docs/operations.md) and the
/// process-wide totals the cluster dashboard turns into rates.
/// </summary>
public static class ProvisioningTelemetry
{
    /// <summary>The name of the provisioning <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "BareMetal.Provisioning";

    /// <summary>The name of the provisioning <see cref="ActivitySource"/> (driver steps).</summary>
    public const string ActivitySourceName = "BareMetal.Provisioning";

    private static readonly ActivitySource s_source = new(ActivitySourceName);
    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_operationsFinished = s_meter.CreateCounter<long>(
        "baremetal.operations.finished", "{operation}", "Operations that reached a terminal status, by status and action.");
    private static readonly Histogram<double> s_operationDuration = s_meter.CreateHistogram<double>(
        "baremetal.operation.duration", "s", "Time from queueing to the terminal status, by status and action.");
    private static readonly Counter<long> s_powerDrift = s_meter.CreateCounter<long>(
        "baremetal.power.sync.drift", "{event}", "Power syncs that found the hardware in another power state than recorded.");
    private static readonly Counter<long> s_webhookDeliveries = s_meter.CreateCounter<long>(
        "baremetal.webhook.deliveries", "{delivery}", "Completion notifications attempted, by outcome (delivered, failed).");
    private static readonly ConcurrentDictionary<string, long> s_finishedTotals = new(StringComparer.Ordinal);

    /// <summary>Operations finished in this process since it started, keyed by status (snake_case: succeeded, failed, ...).</summary>
    public static IReadOnlyDictionary<string, long> FinishedTotals() => new Dictionary<string, long>(s_finishedTotals, StringComparer.Ordinal);

    /// <summary>An operation reached <paramref name="status"/>.</summary>
    public static void OperationFinished(OperationAction? action, OperationStatus status, DateTimeOffset createdAt, DateTimeOffset endedAt)
    {
        var statusName = StatusName(status);
        s_finishedTotals.AddOrUpdate(statusName, 1, (_, total) => total + 1);
        var tags = new TagList { { "baremetal.operation.status", statusName }, { "baremetal.operation.action", action?.ToWireName() ?? "unknown" } };
        s_operationsFinished.Add(1, tags);
        s_operationDuration.Record(Math.Max(0, (endedAt - createdAt).TotalSeconds), tags);
        Activity.Current?.AddEvent(new ActivityEvent("operation finished", tags: new ActivityTagsCollection { ["baremetal.operation.status"] = statusName }));
    }

    /// <summary>
    /// Starts the span of one driver step ("driver step {kind}") as a child of <paramref name="parent"/> (the turn that
    /// launched it); null when nobody listens.
    /// </summary>
    public static Activity? StartDriverStep(ActivityContext parent, string nodeId, string operationId, string kind, int number, string driver)
    {
        var activity = s_source.StartActivity("driver step " + kind, ActivityKind.Internal, parent);
        if (activity is not null)
        {
            activity.SetTag("baremetal.node.id", nodeId);
            activity.SetTag("baremetal.operation.id", operationId);
            activity.SetTag("baremetal.step.kind", kind);
            activity.SetTag("baremetal.step.number", number);
            activity.SetTag("baremetal.driver", driver);
        }

        return activity;
    }

    /// <summary>
    /// The logging scope of work on one node's operation: driver logs written inside it carry NodeId and OperationId
    /// (the trace and span ids come from the current activity when the host tracks activities in its logs).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> LogScope(string nodeId, string? operationId) =>
        [new("NodeId", nodeId), new("OperationId", operationId)];

    /// <summary>Records how a driver step ended on its span.</summary>
    public static void DriverStepEnded(Activity? activity, string outcome, string? error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("baremetal.step.outcome", outcome);
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }
    }

    /// <summary>A power sync found the hardware in another state than recorded.</summary>
    public static void PowerDrift() => s_powerDrift.Add(1);

    /// <summary>A completion notification was attempted.</summary>
    public static void WebhookDelivery(bool delivered) =>
        s_webhookDeliveries.Add(1, new KeyValuePair<string, object?>("baremetal.webhook.outcome", delivered ? "delivered" : "failed"));

    /// <summary>The wire name of a status (as the API spells it).</summary>
    public static string StatusName(OperationStatus status) => status switch
    {
        OperationStatus.Queued => "queued",
        OperationStatus.Running => "running",
        OperationStatus.Succeeded => "succeeded",
        OperationStatus.Failed => "failed",
        OperationStatus.Cancelled => "cancelled",
        OperationStatus.TimedOut => "timed_out",
        _ => status.ToString(),
    };
}
