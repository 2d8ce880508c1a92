using BareMetal.Configuration;
using BareMetal.Hosting;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Activations;

/// <summary>Periodically deactivates idle activations so memory follows the working set.</summary>
internal sealed class ActivationCollector(Catalog catalog, IOptions<GrainCollectionOptions> options) : ISiloLifecycleParticipant, IDisposable
{
    private Timer? _timer;

    public int Stage => SiloLifecycleStage.RuntimeGrainServices + 1;

    public Task OnStartAsync(CancellationToken cancellationToken)
    {
        var quantum = options.Value.CollectionQuantum;
        _timer = new Timer(static s => ((Catalog)s!).CollectIdle(), catalog, quantum, quantum);
        return Task.CompletedTask;
    }

    public Task OnStopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();
}
