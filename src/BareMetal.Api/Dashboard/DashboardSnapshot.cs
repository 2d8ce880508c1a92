using BareMetal.Contracts.Diagnostics;
using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Api.Dashboard;

/// <summary>What the dashboard shows at one moment; pushed to every open dashboard once a second.</summary>
/// <param name="At">When it was assembled.</param>
/// <param name="Cluster">The silos and membership events; null when the statistics grain could not be reached.</param>
/// <param name="ClusterError">Why the cluster figures are missing.</param>
/// <param name="Fleet">Node counts.</param>
/// <param name="Attention">Nodes in maintenance or with an error.</param>
/// <param name="Operations">In-flight and recent operations and their rates.</param>
/// <param name="Http">This gateway's requests.</param>
/// <param name="Point">This moment's point of the charts.</param>
internal sealed record DashboardSnapshot(
    DateTimeOffset At,
    ClusterStatistics? Cluster,
    string? ClusterError,
    FleetCounts? Fleet,
    IReadOnlyList<AttentionNode> Attention,
    OperationFigures Operations,
    HttpFigures Http,
    ChartPoint Point);

/// <summary>A node an operator should look at.</summary>
internal sealed record AttentionNode(string Id, string Name, ProvisionState ProvisionState, PowerState PowerState, bool Maintenance, string? MaintenanceReason, string? LastError, DateTimeOffset UpdatedAt);

/// <summary>Operations on the dashboard.</summary>
/// <param name="InFlight">Queued and running operations, newest first.</param>
/// <param name="Recent">Finished operations, newest first.</param>
/// <param name="FailureRate">Share of the recent finished operations that failed.</param>
/// <param name="TimeoutRate">Share of the recent finished operations that timed out.</param>
/// <param name="QueuedOperations">Operations queued or running on all nodes.</param>
/// <param name="QueuedRequests">Requests waiting in activation queues over all silos.</param>
internal sealed record OperationFigures(IReadOnlyList<OperationSummary> InFlight, IReadOnlyList<OperationSummary> Recent, double FailureRate, double TimeoutRate, int QueuedOperations, int QueuedRequests);

/// <summary>One operation row.</summary>
internal sealed record OperationSummary(string Id, string NodeId, string Action, string Status, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, double DurationSeconds, string? TraceId, string? Error, string? Step);

/// <summary>The gateway's HTTP figures since the dashboard started watching.</summary>
internal sealed record HttpFigures(double RequestsPerSecond, double P50Milliseconds, double P95Milliseconds, double P99Milliseconds, long TooManyRequests, long Unavailable, long ServerErrors);

/// <summary>One point of the charts.</summary>
internal sealed record ChartPoint(DateTimeOffset At, double CallsPerSecond, double RequestsPerSecond, double P50Milliseconds, double P95Milliseconds, double P99Milliseconds, double OperationsPerSecond);
