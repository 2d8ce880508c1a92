using BareMetal.Client;
using BareMetal.Client.Models;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Samples.NodeEventsWorker;

/// <summary>
/// Follows the fleet event stream and reacts to nodes that land in a failure state (deploy failed, clean failed, ...)
/// by putting them in maintenance with the error as the reason, so that nothing schedules work on them until an
/// operator has looked. Reconnects when the stream drops; after a reconnect it re-reads the failed nodes, because
/// the stream does not replay what happened while it was down.
/// </summary>
public sealed partial class FailedNodeGuard(BareMetalClient client, ILogger<FailedNodeGuard> logger) : BackgroundService
{
    private static readonly ProvisionState[] s_failures =
    [
        ProvisionState.DeployFailed, ProvisionState.CleanFailed, ProvisionState.InspectFailed,
        ProvisionState.RescueFailed, ProvisionState.UnrescueFailed, ProvisionState.Error,
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(stoppingToken);
                await foreach (var change in client.StreamFleetEventsAsync(stoppingToken))
                {
                    if (change.Kind == FleetEvent.Resync)
                    {
                        await CatchUpAsync(stoppingToken);
                    }
                    else if (change.Node is { } node)
                    {
                        LogChange(logger, node.Name, node.ProvisionState.ToIronicName(), node.PowerState.ToIronicName() ?? "unknown");
                        await GuardAsync(node, stoppingToken);
                    }
                }
            }
            catch (Exception exception) when (exception is BareMetalConnectionException or BareMetalApiException or HttpRequestException or IOException)
            {
                LogStreamLost(logger, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        foreach (var state in s_failures)
        {
            await foreach (var node in client.Nodes.ListAllAsync(new NodeListQuery { ProvisionState = state, Maintenance = false }, cancellationToken))
            {
                await GuardAsync(node, cancellationToken);
            }
        }
    }

    private async Task GuardAsync(Node node, CancellationToken cancellationToken)
    {
        if (node.Maintenance || !s_failures.Contains(node.ProvisionState))
        {
            return;
        }

        try
        {
            var reason = $"automatic: {node.ProvisionState.ToIronicName()}: {node.LastError ?? "no error recorded"}";
            await (await client.Nodes.MaintenanceOnAsync(node.Id, reason, cancellationToken)).WaitAsync(cancellationToken: cancellationToken);
            LogGuarded(logger, node.Name, reason);
        }
        catch (BareMetalRefusedException refused)
        {
            // Someone else got there first, or the node moved on; the next event tells.
            LogSkipped(logger, node.Name, refused.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Node}: {ProvisionState}, {PowerState}")]
    private static partial void LogChange(ILogger logger, string node, string provisionState, string powerState);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Node} put in maintenance ({Reason})")]
    private static partial void LogGuarded(ILogger logger, string node, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Node} not put in maintenance: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string node, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event stream lost ({Reason}); reconnecting")]
    private static partial void LogStreamLost(ILogger logger, string reason);
}
