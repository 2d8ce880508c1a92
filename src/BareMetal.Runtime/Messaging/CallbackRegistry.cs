using System.Collections.Concurrent;
using BareMetal.Configuration;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Messaging;

/// <summary>
/// Pending calls by message id. A single periodic sweep expires calls past their deadline, so a call
/// costs one dictionary insert and remove instead of a timer of its own.
/// </summary>
internal sealed class CallbackRegistry : IDisposable
{
    private readonly ConcurrentDictionary<long, IPendingCall> _pending = new();
    private readonly Timer _sweeper;

    public CallbackRegistry(IOptions<MessagingOptions> options)
    {
        var period = options.Value.TimeoutCheckPeriod;
        _sweeper = new Timer(static s => ((CallbackRegistry)s!).Sweep(), this, period, period);
    }

    public int Count => _pending.Count;

    public void Add(IPendingCall call) => _pending[call.MessageId] = call;

    public void Remove(long messageId) => _pending.TryRemove(messageId, out _);

    public int CountWhere(Func<IPendingCall, bool> predicate) => _pending.Values.Count(predicate);

    public bool TryGet(long messageId, out IPendingCall call) => _pending.TryGetValue(messageId, out call!);

    /// <summary>Fails every call in flight to <paramref name="silo"/> (its connection broke or it died).</summary>
    public int FailAllSentTo(Cluster.SiloAddress silo, Func<IPendingCall, Exception> error)
    {
        var failed = 0;
        foreach (var pair in _pending)
        {
            if (silo.Equals(pair.Value.SentTo))
            {
                pair.Value.Fail(error(pair.Value));
                failed++;
            }
        }

        return failed;
    }

    public void Dispose() => _sweeper.Dispose();

    private void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var pair in _pending)
        {
            if (pair.Value.DeadlineMs <= now)
            {
                pair.Value.Expire();
            }
        }
    }
}
