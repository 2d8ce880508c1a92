using System.Collections.Concurrent;
using BareMetal.Client;
using BareMetal.Client.Models;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Samples.BulkDeploy;

/// <summary>
/// Deploys up to <c>count</c> available nodes of a resource class, at most <c>parallel</c> at a time: each worker
/// submits one deploy and waits for it (long-poll, no spinning) before taking the next node, so the fleet is never
/// asked for more than <c>parallel</c> deploys at once. A 429/503 is retried by the client after Retry-After.
/// </summary>
public sealed class BulkDeployer(BareMetalClient client, TextWriter log)
{
    /// <summary>Deploys and returns each node's outcome (null error when it succeeded).</summary>
    public async Task<IReadOnlyDictionary<string, string?>> DeployAsync(string resourceClass, int count, int parallel, string? imageSource, CancellationToken cancellationToken)
    {
        var nodes = await client.Nodes.ListAllAsync(new NodeListQuery { ResourceClass = resourceClass, ProvisionState = ProvisionState.Available, Maintenance = false }, cancellationToken)
            .Take(count)
            .ToListAsync(cancellationToken);
        var outcomes = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (node, ct) =>
        {
            try
            {
                var handle = await client.Nodes.DeployAsync(node.Id, imageSource, ct);
                var progress = new Progress<OperationProgress>(p => log.WriteLine($"{node.Name}: step {p.StepNumber}/{p.StepCount} {p.Message}"));
                await handle.WaitAsync(progress, ct);
                outcomes[node.Name] = null;
                await log.WriteLineAsync($"{node.Name}: active");
            }
            catch (Exception exception) when (exception is BareMetalOperationFailedException or BareMetalApiException or BareMetalConnectionException)
            {
                outcomes[node.Name] = exception.Message;
                await log.WriteLineAsync($"{node.Name}: FAILED {exception.Message}");
            }
        });
        return outcomes;
    }
}
