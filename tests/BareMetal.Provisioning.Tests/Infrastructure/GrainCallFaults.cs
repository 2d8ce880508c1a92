using System.Collections.Concurrent;

namespace BareMetal.Provisioning.Tests.Infrastructure;

/// <summary>
/// Fails chosen grain calls on the receiving silo before the grain sees them, as a call to a silo that just died
/// fails: the caller gets an exception and the grain never ran the call. Every silo of a test cluster shares one
/// instance; with no fault armed, calls pass untouched.
/// </summary>
public sealed class GrainCallFaults : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<long, InjectedFault> _faults = new();
    private long _next;

    /// <summary>
    /// Fails the next <paramref name="times"/> calls (every call when null) of <paramref name="method"/> on grains of
    /// <typeparamref name="TGrain"/> for which <paramref name="when"/> holds (given the grain's key and the call's first
    /// argument). Dispose the result to stop failing.
    /// </summary>
    public InjectedFault Fail<TGrain>(string method, int? times = null, Func<string, object?, bool>? when = null) =>
        Arm<TGrain>(method, times, when, before: null, until: null);

    /// <summary>
    /// Runs <paramref name="before"/> ahead of the next <paramref name="times"/> calls of <paramref name="method"/> on grains
    /// of <typeparamref name="TGrain"/> for which <paramref name="when"/> holds; the calls then proceed.
    /// </summary>
    public InjectedFault Before<TGrain>(string method, Action before, int? times = null, Func<string, object?, bool>? when = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        return Arm<TGrain>(method, times, when, before, until: null);
    }

    /// <summary>
    /// Holds the next <paramref name="times"/> calls (every call when null) of <paramref name="method"/> on grains of
    /// <typeparamref name="TGrain"/> until <paramref name="release"/> completes, as a call to a silo that froze (SIGSTOP)
    /// waits: the caller gets no answer, and the grain sees the call only once released.
    /// </summary>
    public InjectedFault Hold<TGrain>(string method, Task release, int? times = null, Func<string, object?, bool>? when = null)
    {
        ArgumentNullException.ThrowIfNull(release);
        return Arm<TGrain>(method, times, when, before: null, release);
    }

    private InjectedFault Arm<TGrain>(string method, int? times, Func<string, object?, bool>? when, Action? before, Task? until)
    {
        var id = Interlocked.Increment(ref _next);
        var fault = new InjectedFault(typeof(TGrain), method, when ?? ((_, _) => true), times ?? int.MaxValue, () => _faults.TryRemove(id, out _))
        {
            Before = before,
            Until = until,
        };
        _faults[id] = fault;
        return fault;
    }

    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var fault in _faults.Values)
        {
            if (fault.Matches(context) && fault.TryTake())
            {
                if (fault.Until is { } release)
                {
                    await release;
                }
                else if (fault.Before is { } before)
                {
                    before();
                }
                else
                {
                    throw new InjectedGrainCallFault($"injected fault: {context.InterfaceMethod?.Name} on {context.TargetId}");
                }
            }
        }

        await context.Invoke();
    }

}

/// <summary>One armed fault of <see cref="GrainCallFaults"/>; disposing it stops it.</summary>
public sealed class InjectedFault : IDisposable
{
    private readonly Type _grain;
    private readonly string _method;
    private readonly Func<string, object?, bool> _when;
    private readonly Action _disarm;
    private int _left;
    private int _hits;

    internal InjectedFault(Type grain, string method, Func<string, object?, bool> when, int times, Action disarm)
    {
        _grain = grain;
        _method = method;
        _when = when;
        _left = times;
        _disarm = disarm;
    }

    /// <summary>Run ahead of the call instead of failing it.</summary>
    internal Action? Before { get; init; }

    /// <summary>Held until this completes instead of failing it.</summary>
    internal Task? Until { get; init; }

    /// <summary>How many calls it failed (or ran ahead of).</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <inheritdoc />
    public void Dispose() => _disarm();

    internal bool Matches(IIncomingGrainCallContext context) =>
        context.InterfaceMethod is { } called && called.Name == _method && _grain.IsAssignableFrom(called.DeclaringType)
        && _when(context.TargetId.Key.ToString(), context.Request.GetArgumentCount() > 0 ? context.Request.GetArgument(0) : null);

    internal bool TryTake()
    {
        if (Interlocked.Decrement(ref _left) < 0)
        {
            return false;
        }

        Interlocked.Increment(ref _hits);
        return true;
    }
}

/// <summary>The failure of a call that <see cref="GrainCallFaults"/> refused.</summary>
public sealed class InjectedGrainCallFault(string message) : Exception(message);
