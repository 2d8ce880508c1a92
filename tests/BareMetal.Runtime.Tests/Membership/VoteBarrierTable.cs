using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Tests.Membership;

/// <summary>
/// Holds the first two updates of <paramref name="target"/>'s row until both have arrived, so both
/// writers read the same ETag before either writes: one must lose and retry.
/// </summary>
internal sealed class VoteBarrierTable(IMembershipTable inner, SiloAddress target) : IMembershipTable
{
    private readonly TaskCompletionSource _bothArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrivals;
    private int _conflicts;

    public int Conflicts => Volatile.Read(ref _conflicts);

    public Task BothArrived => _bothArrived.Task;

    public Task<IReadOnlyList<MembershipRow>> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public Task<bool> InsertRowAsync(MembershipEntry entry, CancellationToken cancellationToken) => inner.InsertRowAsync(entry, cancellationToken);

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string eTag, CancellationToken cancellationToken)
    {
        if (entry.Silo == target)
        {
            var arrival = Interlocked.Increment(ref _arrivals);
            if (arrival == 2)
            {
                _bothArrived.TrySetResult();
            }

            if (arrival <= 2)
            {
                await _bothArrived.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }
        }

        var updated = await inner.UpdateRowAsync(entry, eTag, cancellationToken);
        if (!updated && entry.Silo == target)
        {
            Interlocked.Increment(ref _conflicts);
        }

        return updated;
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken) =>
        inner.UpdateIAmAliveAsync(silo, iAmAliveTime, cancellationToken);

    public Task CleanupDefunctSilosAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        inner.CleanupDefunctSilosAsync(olderThan, cancellationToken);
}
