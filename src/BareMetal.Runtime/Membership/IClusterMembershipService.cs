namespace BareMetal.Runtime.Membership;

/// <summary>
/// The local silo's view of cluster membership. Components that depend on who is alive (the ring,
/// the directory cache, connections) read <see cref="CurrentView"/> and subscribe to
/// <see cref="ViewChanged"/>.
/// </summary>
public interface IClusterMembershipService
{
    /// <summary>The latest view; never null (<see cref="ClusterMembershipView.Empty"/> before the first read).</summary>
    ClusterMembershipView CurrentView { get; }

    /// <summary>
    /// Raised after each new view, in version order, on the thread that published it. Handlers must be
    /// quick and must not block; an exception from a handler is logged and does not stop the others.
    /// </summary>
    event EventHandler<ClusterMembershipChangedEventArgs>? ViewChanged;

    /// <summary>
    /// Completes with the first view (the current one included) for which <paramref name="predicate"/>
    /// is true; canceled by <paramref name="cancellationToken"/>.
    /// </summary>
    Task<ClusterMembershipView> WaitForViewAsync(Func<ClusterMembershipView, bool> predicate, CancellationToken cancellationToken);
}
