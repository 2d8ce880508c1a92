using System.Diagnostics;
using BareMetal.Cluster.TestGrains;
using Orleans;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>
/// Steady load on a set of counter grains: one sequential caller per grain, calling Increment in a
/// loop and recording every outcome, so the history of each grain can be checked afterwards
/// (<see cref="CounterHistory"/>). A failed call is followed by a short pause so a caller does not
/// spin on a refused connection; that pause paces the load, it synchronizes nothing.
/// </summary>
public sealed class CounterLoad : IAsyncDisposable
{
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMilliseconds(20);

    private readonly IGrainFactory _factory;
    private readonly Stopwatch _clock;
    private readonly Dictionary<string, List<CounterCall>> _calls;
    private readonly CancellationTokenSource _stop = new();
    private Task[] _loops = [];
    private long _successes;
    private long _failures;

    public CounterLoad(IGrainFactory factory, IEnumerable<string> keys, Stopwatch clock)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _factory = factory;
        _clock = clock;
        _calls = keys.ToDictionary(k => k, _ => new List<CounterCall>(), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Keys => _calls.Keys;

    public long Successes => Interlocked.Read(ref _successes);

    public long Failures => Interlocked.Read(ref _failures);

    public void Start() => _loops = [.. _calls.Keys.Select(key => Task.Run(() => RunAsync(key)))];

    /// <summary>The calls made so far on <paramref name="key"/>, in order.</summary>
    public IReadOnlyList<CounterCall> CallsOf(string key)
    {
        var calls = _calls[key];
        lock (calls)
        {
            return [.. calls];
        }
    }

    /// <summary>Every call made so far, grain by grain.</summary>
    public IReadOnlyList<CounterCall> AllCalls() => [.. _calls.Keys.SelectMany(CallsOf)];

    /// <summary>Whether every grain has a successful call that started at or after <paramref name="since"/>.</summary>
    public bool AllSucceededSince(TimeSpan since) => _calls.Keys.All(key => CallsOf(key).Any(c => c.Succeeded && c.Start >= since));

    /// <summary>Stops the callers after their current call and waits for them.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(string key)
    {
        var grain = _factory.GetGrain<ICounterGrain>(key);
        var calls = _calls[key];
        while (!_stop.IsCancellationRequested)
        {
            var start = _clock.Elapsed;
            CounterCall call;
            try
            {
                var reply = await grain.Increment();
                call = new CounterCall(key, start, _clock.Elapsed, reply, null);
                Interlocked.Increment(ref _successes);
            }
            catch (Exception exception)
            {
                call = new CounterCall(key, start, _clock.Elapsed, null, exception);
                Interlocked.Increment(ref _failures);
            }

            lock (calls)
            {
                calls.Add(call);
            }

            if (!call.Succeeded)
            {
                try
                {
                    await Task.Delay(PauseAfterFailure, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
