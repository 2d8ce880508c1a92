using BareMetal.Runtime.Invocation;
using BareMetal.Runtime.Timers;

namespace BareMetal.Runtime.Messaging;

/// <summary>
/// The envelope of one request: target, body, caller chain, context and deadline, and where the
/// response goes. The same envelope will cross the network between silos; locally the response sink
/// is the caller's completion source itself.
/// </summary>
internal sealed class Message
{
    private volatile bool _cancellationRequested;
    private CancellationTokenSource? _grainCancellation;
    private int _cancellationForwarded;

    public Message(GrainId target, RequestBase request, IResponseSink sink)
    {
        Id = MessageIds.Next();
        Target = target;
        Request = request;
        Sink = sink;
    }

    private Message(GrainId target, IGrainTimerTick timerTick)
    {
        Id = MessageIds.Next();
        Target = target;
        TimerTick = timerTick;
        Sink = NoResponseSink.Instance;
    }

    public long Id { get; }

    public GrainId Target { get; }

    public RequestBase? Request { get; }

    public IResponseSink Sink { get; }

    /// <summary>Set for timer ticks, which run as turns but are not requests.</summary>
    public IGrainTimerTick? TimerTick { get; }

    public CallChainEntry? CallChain { get; init; }

    public RequestContextValues? Context { get; init; }

    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>Environment.TickCount64 after which nobody waits for the response; long.MaxValue when none.</summary>
    public long DeadlineMs { get; set; } = long.MaxValue;

    /// <summary>How many times the message was forwarded between silos looking for its grain.</summary>
    public int ForwardCount { get; set; }

    public bool IsOneWay => Request is not null && (Request.Options & InvokeMethodOptions.OneWay) != 0;

    /// <summary>Registration on the caller's cancellation token, disposed when the call ends.</summary>
    public CancellationTokenRegistration CallerCancellation { get; set; }

    /// <summary>Whether the caller cancelled or stopped waiting (timeout); a queued message is then dropped.</summary>
    public bool IsAbandoned => _cancellationRequested;

    public static Message ForTimerTick(GrainId target, IGrainTimerTick tick) => new(target, tick);

    /// <summary>The token the grain method sees: cancelled when the caller cancels or times out.</summary>
    public CancellationToken GetGrainCancellationToken()
    {
        var source = new CancellationTokenSource();
        if (DeadlineMs != long.MaxValue)
        {
            // Past the deadline nobody waits for the answer: let the grain stop early.
            source.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(0, DeadlineMs - Environment.TickCount64)));
        }

        Volatile.Write(ref _grainCancellation, source);
        if (_cancellationRequested)
        {
            source.Cancel();
        }

        return source.Token;
    }

    /// <summary>Signals the grain side that nobody waits any more.</summary>
    /// <summary>Passes a cancellation on to the silo the request was sent to (set by the network layer).</summary>
    public Action? CancellationForwarder { get; set; }

    public void RequestCancellation()
    {
        if (CancellationForwarder is { } forward && Interlocked.Exchange(ref _cancellationForwarded, 1) == 0)
        {
            forward();
        }

        _cancellationRequested = true;
        var source = Volatile.Read(ref _grainCancellation);
        if (source is not null)
        {
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The turn already ended.
            }
        }
    }

    /// <summary>Releases the grain-side cancellation source once the turn has ended.</summary>
    public void CompleteTurn()
    {
        Volatile.Read(ref _grainCancellation)?.Dispose();
    }

    public override string ToString() => TimerTick is null ? $"{Request} on {Target} (#{Id})" : $"timer tick on {Target}";
}
