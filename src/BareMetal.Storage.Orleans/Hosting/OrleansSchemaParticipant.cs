using BareMetal.Storage.Orleans.Schema;
using Orleans;
using Orleans.Runtime;

namespace BareMetal.Storage.Orleans.Hosting;

/// <summary>
/// Migrates the Orleans providers' schema before any of them starts. The membership table reads its queries
/// from <c>OrleansQuery</c> at <see cref="ServiceLifecycleStage.RuntimeInitialize"/>, the reminder table and the
/// grain storages later, so the stage just before that one serves all of them.
/// </summary>
internal sealed class OrleansSchemaParticipant(OrleansSchema schema) : ILifecycleParticipant<ISiloLifecycle>
{
    public const int Stage = ServiceLifecycleStage.RuntimeInitialize - 1;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OrleansSchemaParticipant), Stage, OnStartAsync, OnStopAsync);

    private async Task OnStartAsync(CancellationToken cancellationToken) =>
        await schema.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);

    private async Task OnStopAsync(CancellationToken cancellationToken) =>
        await schema.DisposeAsync().ConfigureAwait(false);
}
