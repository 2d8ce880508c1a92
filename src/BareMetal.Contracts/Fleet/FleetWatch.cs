using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace BareMetal.Contracts.Fleet;

/// <summary>
/// A live stream of the fleet's node changes (for server-sent events and dashboards): one change-feed long-poll per
/// index shard, merged. Changes of one node arrive in order; changes of different nodes in about the order they
/// happened. A reader that falls behind a shard's ring gets that shard's most recent changes and misses the older
/// ones: re-read the fleet (<see cref="FleetQueries.ListNodesAsync"/>) when exactness matters.
/// </summary>
public static class FleetWatch
{
    /// <summary>How long each long-poll waits (under the 30 s grain call deadline).</summary>
    public static readonly TimeSpan PollWait = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan s_retryAfterFailure = TimeSpan.FromSeconds(1);

    /// <summary>The current position of every shard's feed: pass it to <see cref="ChangesAsync"/> to get what happens after now.</summary>
    public static async Task<FleetPosition> NowAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var batches = await Task.WhenAll(FleetQueries.AllShards().Select(key => grains.GetResolvedGrain<INodeIndexGrain>(key).Changes(long.MaxValue, TimeSpan.Zero)));
        return new FleetPosition(batches.Select(b => b.LastSequence).ToList());
    }

    /// <summary>Every node change after <paramref name="from"/>, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async IAsyncEnumerable<FleetChange> ChangesAsync(IGrainFactory grains, FleetPosition from, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(from);
        if (from.Sequences.Count != NodeIndex.ShardCount)
        {
            throw new ArgumentException($"A fleet position has {NodeIndex.ShardCount} sequences (this one has {from.Sequences.Count}).", nameof(from));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<FleetChange>(new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var shards = FleetQueries.AllShards().Select(key => grains.GetResolvedGrain<INodeIndexGrain>(key)).ToList();
        var pumps = shards.Select((shard, i) => PumpAsync(shard, from.Sequences[i], channel.Writer, stop.Token)).ToArray();
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(pumps);
        }
    }

    private static async Task PumpAsync(INodeIndexGrain shard, long position, ChannelWriter<FleetChange> writer, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await shard.Changes(position, PollWait).WaitAsync(cancellationToken);
                foreach (var change in batch.Changes)
                {
                    await writer.WriteAsync(change, cancellationToken);
                }

                position = batch.LastSequence;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A shard moving to another silo: ask again shortly; the feed tells us if we fell behind.
                try
                {
                    await Task.Delay(s_retryAfterFailure, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
