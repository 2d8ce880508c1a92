using BareMetal.Hosting;

namespace BareMetal.Storage.Schema;

/// <summary>
/// Migrates one registered provider (a grain storage or the reminder table), whichever engine it is,
/// before the runtime starts using it; does nothing when the provider owns no schema (a later
/// registration replaced it) or its options turned start-up migration off.
/// </summary>
internal sealed class StartupSchemaParticipant(object provider) : ISiloLifecycleParticipant
{
    public int Stage => SiloLifecycleStage.RuntimeStorage;

    public Task OnStartAsync(CancellationToken cancellationToken) =>
        provider is IStartupSchema { EnsureSchemaOnStart: true } schema
            ? schema.EnsureSchemaAsync(cancellationToken)
            : Task.CompletedTask;

    public Task OnStopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
