using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.GrainDirectory;

/// <summary>
/// A grain directory in process memory, with the compare-and-set semantics of the database
/// providers. One instance can be shared by several silos of one process (tests, the in-process
/// testing host); registrations do not survive the process. A grain's first registration has epoch 1.
/// </summary>
public sealed class InMemoryGrainDirectory : IGrainDirectory
{
    private readonly Dictionary<GrainId, GrainRegistration> _registrations = [];
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public Task<GrainRegistration> RegisterAsync(GrainId grainId, SiloAddress silo, IReadOnlyCollection<SiloAddress> replaceableSilos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(replaceableSilos);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_registrations.TryGetValue(grainId, out var existing))
            {
                var first = new GrainRegistration(grainId, silo, 1);
                _registrations[grainId] = first;
                return Task.FromResult(first);
            }

            if (replaceableSilos.Contains(existing.Silo))
            {
                var takeover = new GrainRegistration(grainId, silo, existing.Epoch + 1);
                _registrations[grainId] = takeover;
                return Task.FromResult(takeover);
            }

            return Task.FromResult(existing);
        }
    }

    /// <inheritdoc />
    public Task<GrainRegistration?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_registrations.GetValueOrDefault(grainId));
        }
    }

    /// <inheritdoc />
    public Task<bool> UnregisterAsync(GrainRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var removed = _registrations.TryGetValue(registration.GrainId, out var current)
                && current == registration
                && _registrations.Remove(registration.GrainId);
            return Task.FromResult(removed);
        }
    }

    /// <inheritdoc />
    public Task<int> UnregisterSilosAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silos);
        cancellationToken.ThrowIfCancellationRequested();
        if (silos.Count == 0)
        {
            return Task.FromResult(0);
        }

        var set = silos.ToHashSet();
        lock (_lock)
        {
            var doomed = _registrations.Values.Where(r => set.Contains(r.Silo)).Select(r => r.GrainId).ToList();
            foreach (var grainId in doomed)
            {
                _registrations.Remove(grainId);
            }

            return Task.FromResult(doomed.Count);
        }
    }
}
