using System.Collections.Concurrent;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Placement;

/// <summary>
/// Decides where a grain's messages go and who may activate it. Without clustering everything is
/// local. In a cluster: a cache of known locations first, else the ring owner among Active silos;
/// and activation only after winning the grain's registration in the cluster-wide directory, which
/// is the single arbiter of "at most one activation".
/// </summary>
internal sealed partial class GrainLocator : IDisposable
{
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _cache = new();
    private static readonly TimeSpan LeavingHolderRetryDelay = TimeSpan.FromMilliseconds(50);
    private readonly ConcurrentDictionary<SiloAddress, long> _unreachableUntil = new();
    private readonly IClusterMembershipService? _membership;
    private readonly IGrainDirectory? _directory;
    private readonly ILogger<GrainLocator> _logger;
    private volatile ConsistentHashRing _ring = ConsistentHashRing.Empty;
    private volatile ConsistentHashRing _ringWithoutLocal = ConsistentHashRing.Empty;

    public GrainLocator(ILogger<GrainLocator> logger, ILocalSiloDetails? local = null, IClusterMembershipService? membership = null, IGrainDirectory? directory = null)
    {
        _logger = logger;
        LocalSilo = local?.SiloAddress;
        if (local is not null && membership is not null && directory is not null)
        {
            _membership = membership;
            _directory = directory;
            membership.ViewChanged += OnViewChanged;
            Apply(membership.CurrentView);
        }
    }

    /// <summary>Raised after the ring changed (reminder ranges follow it).</summary>
    public event Action? RingChanged;

    public bool IsClustered => _membership is not null;

    public SiloAddress? LocalSilo { get; }

    public ConsistentHashRing Ring => _ring;

    /// <summary>Where to send a message for <paramref name="grainId"/>; null means here.</summary>
    public SiloAddress? Route(GrainId grainId)
    {
        if (_membership is null)
        {
            return null;
        }

        if (_cache.TryGetValue(grainId, out var cached) && !IsUnreachable(cached))
        {
            return cached.Equals(LocalSilo) ? null : cached;
        }

        var owner = _ring.Owner(grainId);
        return owner is null || owner.Equals(LocalSilo) || IsUnreachable(owner) ? null : owner;
    }

    /// <summary>
    /// Notes that <paramref name="silo"/> refused a connection: until membership catches up (or a
    /// few seconds pass) messages the ring would send there are handled here, where the directory
    /// decides whether this silo may host the grain.
    /// </summary>
    public void MarkUnreachable(SiloAddress silo, TimeSpan? duration = null)
    {
        _unreachableUntil[silo] = Environment.TickCount64 + (long)(duration ?? TimeSpan.FromSeconds(3)).TotalMilliseconds;
        foreach (var (grain, cached) in _cache)
        {
            if (cached.Equals(silo))
            {
                _cache.TryRemove(KeyValuePair.Create(grain, cached));
            }
        }
    }

    private bool IsUnreachable(SiloAddress silo) =>
        _unreachableUntil.TryGetValue(silo, out var until) && (Environment.TickCount64 < until || !_unreachableUntil.TryRemove(KeyValuePair.Create(silo, until)));

    /// <summary>Where a grain should go when this silo is leaving: its owner on the ring without this silo.</summary>
    public SiloAddress? OwnerExcludingLocal(GrainId grainId) => _membership is null ? null : _ringWithoutLocal.Owner(grainId);

    /// <summary>The cached location of a grain hosted elsewhere, if known.</summary>
    public SiloAddress? CachedRemoteLocation(GrainId grainId) =>
        _cache.TryGetValue(grainId, out var silo) && !silo.Equals(LocalSilo) && !IsLeaving(silo) ? silo : null;

    public void Remember(GrainId grainId, SiloAddress silo)
    {
        // Only a silo that is serving (Active and not leaving) is worth remembering: pointing callers at
        // a leaving silo sends their messages on a round trip back to where the grain will live next.
        if (_membership is not null && (silo.Equals(LocalSilo) || (_membership.CurrentView.IsActive(silo) && !IsUnreachable(silo))))
        {
            _cache[grainId] = silo;
        }
    }

    /// <summary>Whether <paramref name="silo"/> is on its way out (ShuttingDown, or sent a Leave frame, or refuses connections).</summary>
    public bool IsLeaving(SiloAddress silo) =>
        _membership is not null && (_membership.CurrentView.GetStatus(silo) == SiloStatus.ShuttingDown || IsUnreachable(silo));

    public void Forget(GrainId grainId) => _cache.TryRemove(grainId, out _);

    /// <summary>
    /// Claims <paramref name="grainId"/> for this silo in the directory. Returns the registration in
    /// force: ours, or another live silo's (then the caller forwards there instead of activating).
    /// </summary>
    public async Task<GrainRegistration?> RegisterAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        if (_directory is null || LocalSilo is null)
        {
            return null;
        }

        while (true)
        {
            var view = _membership!.CurrentView;
            var replaceable = view.Entries.Where(e => e.Status == SiloStatus.Dead).Select(e => e.Silo).ToList();
            var registration = await _directory.RegisterAsync(grainId, LocalSilo, replaceable, cancellationToken);
            if (!registration.Silo.Equals(LocalSilo) && view.IsDead(registration.Silo))
            {
                // The holder died after our view was taken (or its row was cleaned up): take it over explicitly.
                registration = await _directory.RegisterAsync(grainId, LocalSilo, [registration.Silo], cancellationToken);
            }

            if (registration.Silo.Equals(LocalSilo))
            {
                _cache.TryRemove(grainId, out _);
                return registration;
            }

            if (!IsLeaving(registration.Silo))
            {
                _cache[grainId] = registration.Silo;
                return registration;
            }

            // The holder is leaving and still finishing the grain's last turns; it unregisters the grain
            // when done (or dies and becomes replaceable). Wait here, holding the requests, rather than
            // bouncing them between this silo and the leaving one.
            await Task.Delay(LeavingHolderRetryDelay, cancellationToken);
        }
    }

    public async Task UnregisterAsync(GrainRegistration registration, CancellationToken cancellationToken)
    {
        if (_directory is not null)
        {
            await _directory.UnregisterAsync(registration, cancellationToken);
        }
    }

    /// <summary>The hash ranges whose reminders this silo delivers.</summary>
    public IReadOnlyList<(uint BeginExclusive, uint EndInclusive)> LocalReminderRanges()
    {
        if (_membership is null || LocalSilo is null)
        {
            return [(0u, 0u)];
        }

        var ring = _ring;
        return ring.Silos.Contains(LocalSilo) ? ring.RangesOf(LocalSilo) : [];
    }

    public void Dispose()
    {
        if (_membership is not null)
        {
            _membership.ViewChanged -= OnViewChanged;
        }
    }

    private void OnViewChanged(object? sender, ClusterMembershipChangedEventArgs change)
    {
        Apply(change.Current);
        var gone = change.ChangedSilos.Where(s => change.Current.IsDead(s)).ToList();
        if (gone.Count > 0 && _directory is not null)
        {
            _ = CleanUpDirectoryAsync(gone);
        }
    }

    private void Apply(ClusterMembershipView view)
    {
        var ring = ConsistentHashRing.Build(view.ActiveSilos);
        var changed = !ring.Silos.SequenceEqual(_ring.Silos);
        _ring = ring;
        _ringWithoutLocal = ConsistentHashRing.Build(view.ActiveSilos.Where(s => !s.Equals(LocalSilo)));
        foreach (var (grain, silo) in _cache)
        {
            if (!view.IsActive(silo))
            {
                _cache.TryRemove(KeyValuePair.Create(grain, silo));
            }
        }

        if (changed)
        {
            LogRingChanged(_logger, ring.Silos.Count, string.Join(", ", ring.Silos));
            RingChanged?.Invoke();
        }
    }

    private async Task CleanUpDirectoryAsync(IReadOnlyCollection<SiloAddress> deadSilos)
    {
        try
        {
            var removed = await _directory!.UnregisterSilosAsync(deadSilos, CancellationToken.None);
            LogDirectoryCleaned(_logger, removed, string.Join(", ", deadSilos));
        }
        catch (Exception exception)
        {
            // Harmless: registrations of dead silos are also replaced one by one on activation.
            LogDirectoryCleanupFailed(_logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hash ring now has {Count} silos: {Silos}")]
    private static partial void LogRingChanged(ILogger logger, int count, string silos);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removed {Count} directory registrations of dead silos {Silos}")]
    private static partial void LogDirectoryCleaned(ILogger logger, int count, string silos);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleaning the grain directory of dead silos failed")]
    private static partial void LogDirectoryCleanupFailed(ILogger logger, Exception exception);
}
