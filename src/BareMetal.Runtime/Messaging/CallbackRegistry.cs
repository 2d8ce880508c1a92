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
