using BareMetal.Hosting;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;

namespace BareMetal.Storage.Schema;

/// <summary>
/// Migrates the registered membership table and grain directory, whichever engine they are (or neither,
/// when a later registration replaced them with providers that own no schema); registered once however
/// many <c>UseXxxClustering</c> calls were made.
/// </summary>
internal sealed class ClusteringSchemaParticipant(IMembershipTable table, IGrainDirectory directory) : ISiloLifecycleParticipant
{
    public int Stage => SiloLifecycleStage.RuntimeStorage;

    public async Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (table is IStartupSchema { EnsureSchemaOnStart: true } tableSchema)
        {
            await tableSchema.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        if (directory is IStartupSchema { EnsureSchemaOnStart: true } directorySchema)
        {
            await directorySchema.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task OnStopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
