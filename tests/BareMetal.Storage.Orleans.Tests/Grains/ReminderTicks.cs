using System.Collections.Concurrent;

namespace BareMetal.Storage.Orleans.Tests.Grains;

/// <summary>
/// Where reminder ticks are reported. The test silos run in the test's process, so a static board is shared by
/// them and the test, and a test waits on a tick instead of sleeping.
/// </summary>
public static class ReminderTicks
{
    private static readonly ConcurrentDictionary<string, Board> s_boards = new(StringComparer.Ordinal);

    public static void Record(string grainKey) => s_boards.GetOrAdd(grainKey, _ => new Board()).Record();

    /// <summary>Completes when the grain has ticked <paramref name="count"/> times since the test began counting.</summary>
    public static Task WaitForTicksAsync(string grainKey, int count, TimeSpan timeout, string phase) =>
        s_boards.GetOrAdd(grainKey, _ => new Board()).WaitAsync(count, timeout, $"{phase}: reminder of {grainKey} did not tick {count} time(s) within {timeout}");

    public static int Count(string grainKey) => s_boards.GetOrAdd(grainKey, _ => new Board()).Count;

    private sealed class Board
    {
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
        private int _count;

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _count;
                }
            }
        }

        public void Record()
        {
            lock (_gate)
            {
                _count++;
                foreach (var waiter in _waiters.Where(w => w.Count <= _count).ToList())
                {
                    waiter.Reached.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }

        public async Task WaitAsync(int count, TimeSpan timeout, string failure)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_count >= count)
                {
                    return;
                }

                _waiters.Add((count, reached));
            }

            try
            {
                await reached.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(failure);
            }
        }
    }
}
