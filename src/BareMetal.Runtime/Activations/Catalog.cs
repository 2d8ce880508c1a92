using System.Collections.Concurrent;
using BareMetal.Configuration;
using BareMetal.Hosting;
using BareMetal.Runtime.Diagnostics;
using BareMetal.Runtime.Manifest;
using BareMetal.Runtime.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Activations;

/// <summary>
/// The activation table of this silo: at most one activation per grain id, created on the first
/// message and removed when it deactivates.
/// </summary>
internal sealed class Catalog : ISiloLifecycleParticipant
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly GrainTypeManifest _manifest;
    private readonly IServiceProvider _services;
    private readonly RuntimeMetrics _metrics;
    private readonly GrainCollectionOptions _collection;
    private SiloRuntimeServices? _runtime;
    private volatile bool _stopping;

    public Catalog(GrainTypeManifest manifest, IServiceProvider services, RuntimeMetrics metrics, IOptions<GrainCollectionOptions> collection)
    {
        _manifest = manifest;
        _services = services;
        _metrics = metrics;
        _collection = collection.Value;
        metrics.ObserveCatalog(() => _activations.Count, () => _activations.Values.Sum(a => a.WaitingCount));
    }

    public int Stage => SiloLifecycleStage.RuntimeGrainServices;

    public int Count => _activations.Count;

    /// <summary>Requests waiting in the activations' queues (walks the activations: call it rarely).</summary>
    public int QueuedRequests => _activations.Values.Sum(a => a.WaitingCount);

    // Resolved late: the runtime services depend on the grain factory, which depends on the runtime client, which sends here.
    private SiloRuntimeServices Runtime => _runtime ??= _services.GetRequiredService<SiloRuntimeServices>();

    public void Deliver(Message message)
    {
        if (_activations.TryGetValue(message.Target, out var activation))
        {
            activation.Enqueue(message);
            return;
        }

        if (_stopping)
        {
            // A leaving silo hands new work to the silo that will own the grain after it is gone.
            if (Runtime.Locator.OwnerExcludingLocal(message.Target) is { } successor)
            {
                Runtime.MessageCenter.Forward(message, successor);
                return;
            }

            message.Sink.SetException(new SiloUnavailableException($"The silo is shutting down; grain {message.Target} cannot be activated here."));
            return;
        }

        if (!_manifest.TryGetClass(message.Target.Type, out var metadata))
        {
            message.Sink.SetException(new ArgumentException($"Unknown grain type '{message.Target.Type}' (grain {message.Target})."));
            return;
        }

        var candidate = new ActivationData(message.Target, metadata, this, Runtime);
        var winner = _activations.GetOrAdd(message.Target, candidate);
        if (ReferenceEquals(winner, candidate))
        {
            _metrics.ActivationCreated();
            candidate.StartActivation();
        }

        winner.Enqueue(message);
    }

    public bool TryGetActivation(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    public void Remove(ActivationData activation) => _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));

    /// <summary>Deactivates activations idle for longer than their collection age; returns how many.</summary>
    public int CollectIdle()
    {
        var now = Environment.TickCount64;
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.IsIdleLongerThanAge(now))
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.IdleCollection, "Idle longer than the collection age."));
                collected++;
            }
        }

        return collected;
    }

    public Task OnStartAsync(CancellationToken cancellationToken)
    {
        _stopping = false;
        return Task.CompletedTask;
    }

    public async Task OnStopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var all = _activations.Values.ToList();
        foreach (var activation in all)
        {
            activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping."));
        }

        try
        {
            await Task.WhenAll(all.Select(a => a.Deactivated)).WaitAsync(_collection.DeactivationTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // Graceful shutdown is best effort: activations still busy when time is up are abandoned.
        }
    }
}
