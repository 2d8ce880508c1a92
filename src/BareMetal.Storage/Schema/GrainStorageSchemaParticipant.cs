using BareMetal.Hosting;
using BareMetal.Runtime.Storage;

namespace BareMetal.Storage.Schema;

/// <summary>Migrates one named grain storage before the runtime starts using it.</summary>
internal sealed class GrainStorageSchemaParticipant(IGrainStorage storage) : ISiloLifecycleParticipant
{
    public int Stage => SiloLifecycleStage.RuntimeStorage;

    public Task OnStartAsync(CancellationToken cancellationToken) =>
        storage is IStartupSchema { EnsureSchemaOnStart: true } schema
            ? schema.EnsureSchemaAsync(cancellationToken)
            : Task.CompletedTask;

    public Task OnStopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
