using System.Collections.Concurrent;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Membership;

namespace BareMetal.Runtime.Tests.Membership;

/// <summary>Who can reach whom: each silo gets a prober that answers according to the test's switches.</summary>
internal sealed class FakeNetwork
{
    private readonly ConcurrentDictionary<SiloAddress, bool> _isolated = new();
    private readonly ConcurrentDictionary<(SiloAddress From, SiloAddress To), bool> _blocked = new();
    private int _probes;

    public int ProbeCount => Volatile.Read(ref _probes);

    /// <summary>Cuts <paramref name="silo"/> off: it answers no probe and none of its probes is answered.</summary>
    public void Isolate(SiloAddress silo) => _isolated[silo] = true;

    public void Heal(SiloAddress silo) => _isolated.TryRemove(silo, out _);

    /// <summary>Probes from <paramref name="from"/> to <paramref name="to"/> go unanswered.</summary>
    public void Block(SiloAddress from, SiloAddress to) => _blocked[(from, to)] = true;

    public void Unblock(SiloAddress from, SiloAddress to) => _blocked.TryRemove((from, to), out _);

    public ISiloProber ProberFor(SiloAddress local) => new Prober(this, local);

    private bool Answers(SiloAddress from, SiloAddress to)
    {
        Interlocked.Increment(ref _probes);
        return !_isolated.ContainsKey(from) && !_isolated.ContainsKey(to) && !_blocked.ContainsKey((from, to));
    }

    private sealed class Prober(FakeNetwork network, SiloAddress local) : ISiloProber
    {
        public Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken ct) => Task.FromResult(network.Answers(local, silo));
    }
}
