using System.Reflection;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Api.Benchmarks;

/// <summary>
/// Grains answered in memory: every node accepts every action at once with the same operation, so that the
/// pipeline benchmark measures the HTTP layer alone (no storage, no grain scheduling, no message copies).
/// </summary>
public class CannedGrainFactory : DispatchProxy
{
    /// <summary>The factory, as the API resolves it.</summary>
    public static Orleans.IGrainFactory Create() => Create<Orleans.IGrainFactory, CannedGrainFactory>();

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod is { Name: nameof(Orleans.IGrainFactory.GetGrain), IsGenericMethod: true } && targetMethod.GetGenericArguments()[0] == typeof(INodeGrain)
            ? CannedNode.Instance
            : throw new NotSupportedException($"The pipeline benchmark answers only {nameof(INodeGrain)} (asked for {targetMethod}).");

    /// <summary>A node whose <see cref="INodeGrain.Accept"/> answers at once; its other methods are not needed.</summary>
    public class CannedNode : DispatchProxy
    {
        public static readonly INodeGrain Instance = Create<INodeGrain, CannedNode>();

        private static readonly DateTimeOffset s_created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(INodeGrain.Accept) || args?[0] is not NodeActionRequest request)
            {
                throw new NotSupportedException($"The pipeline benchmark answers only {nameof(INodeGrain.Accept)} (asked for {targetMethod?.Name}).");
            }

            // Built per call, as a grain answer is.
            var now = DateTimeOffset.UtcNow;
            var operation = new OperationView(
                "op-" + Guid.NewGuid().ToString("N"),
                "0f8fad5b-d9cb-469f-a165-70867728950e",
                request.Action,
                request.Parameters ?? new Dictionary<string, string>(),
                OperationStatus.Running,
                new OperationProgress(1, 1, "Powering the node on"),
                null,
                null,
                now,
                now,
                null,
                request.TraceId,
                request.RequestedBy,
                request.IdempotencyKey,
                true,
                null,
                false,
                [])
            {
                Version = 1,
            };
            var node = new NodeView(
                operation.NodeId, "node-0001", "fake-hardware", ProvisionState.Manageable, null, PowerState.Off, false, null,
                [operation.Id], s_created, now)
            {
                TargetPowerState = PowerState.On,
                Version = 42,
            };
            return Task.FromResult(new NodeActionAccepted(operation, node));
        }
    }
}
