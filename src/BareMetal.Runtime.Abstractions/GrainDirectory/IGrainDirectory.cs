using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.GrainDirectory;

/// <summary>
/// The cluster-wide record of which silo holds each grain's activation. Registration is an atomic
/// compare-and-set in the database, so at most one silo can hold a grain at a time, whatever the
/// membership views of the silos say.
/// </summary>
public interface IGrainDirectory
{
    /// <summary>
    /// Registers <paramref name="silo"/> as the host of <paramref name="grainId"/> and returns the
    /// registration in force afterwards: the new one if there was none, or if the existing one names
    /// a silo in <paramref name="replaceableSilos"/> (dead silos; the epoch then grows by one);
    /// otherwise the existing one, unchanged.
    /// </summary>
    Task<GrainRegistration> RegisterAsync(GrainId grainId, SiloAddress silo, IReadOnlyCollection<SiloAddress> replaceableSilos, CancellationToken cancellationToken);

    /// <summary>The registration of <paramref name="grainId"/>, or null.</summary>
    Task<GrainRegistration?> LookupAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Removes the registration if it is still exactly <paramref name="registration"/> (same silo and epoch).</summary>
    Task<bool> UnregisterAsync(GrainRegistration registration, CancellationToken cancellationToken);

    /// <summary>Removes every registration that names one of <paramref name="silos"/> (cleanup after their death).</summary>
    Task<int> UnregisterSilosAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken);
}
