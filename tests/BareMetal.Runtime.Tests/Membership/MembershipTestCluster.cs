using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Membership;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Runtime.Tests.Membership;

/// <summary>
/// Membership agents of several silos on one in-memory table, a fake network and one fake clock.
/// Time moves in small steps; after each step the test waits (with a real-time deadline) until no
/// agent has a round in flight, so every assertion sees the effects of the time that passed.
/// </summary>
internal sealed class MembershipTestCluster : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan IdleDeadline = TimeSpan.FromSeconds(10);
    private readonly List<ClusterMember> _silos = [];
    private long _nextGeneration = 1;

    public FakeTimeProvider Time { get; } = new();

    public InMemoryMembershipTable Table { get; } = new();

    public FakeNetwork Network { get; } = new();

    public MembershipOptions Options { get; } = new();

    public IReadOnlyList<ClusterMember> Silos => _silos;

    /// <summary>Creates a silo (not started) on 127.0.0.1:<paramref name="port"/>; <paramref name="table"/> wraps the shared table.</summary>
    public ClusterMember AddSilo(int port, Func<IMembershipTable, IMembershipTable>? table = null)
    {
        var address = new SiloAddress("127.0.0.1", port, _nextGeneration++);
        var service = new ClusterMembershipService(NullLogger<ClusterMembershipService>.Instance);
        var lifetime = new FakeHostApplicationLifetime();
        var logger = new RecordingLogger<MembershipAgent>();
        var agent = new MembershipAgent(
            new LocalSiloDetails(address, $"silo-{port}", port + 1000),
            table?.Invoke(Table) ?? Table,
            Network.ProberFor(address),
            service,
            Microsoft.Extensions.Options.Options.Create(Options),
            Time,
            logger,
            lifetime);
        var silo = new ClusterMember(address, agent, service, lifetime, logger);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Creates and starts <paramref name="count"/> silos, then lets every silo see every other.</summary>
    public async Task<IReadOnlyList<ClusterMember>> StartSilosAsync(int count)
    {
        var silos = Enumerable.Range(0, count).Select(_ => AddSilo(NextPort())).ToArray();
        await StartAsync(silos);
        return silos;
    }

    /// <summary>Starts <paramref name="silos"/> one after the other, then lets every silo see every other.</summary>
    public async Task StartAsync(params ClusterMember[] silos)
    {
        foreach (var silo in silos)
        {
            await silo.StartAsync();
        }

        await RunUntilAsync(
            () => silos.All(s => silos.All(o => s.View.IsActive(o.Address))),
            TimeSpan.FromSeconds(3),
            "every started silo sees every started silo Active");
    }

    public int NextPort() => 11111 + _silos.Count;

    /// <summary>Moves fake time forward by <paramref name="duration"/> in small steps, waiting for the agents after each.</summary>
    public async Task AdvanceAsync(TimeSpan duration)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Step)
        {
            Time.Advance(Step);
            await WhenIdleAsync();
        }
    }

    /// <summary>Moves fake time until <paramref name="condition"/> holds; fails when <paramref name="budget"/> of fake time passes first.</summary>
    /// <returns>The fake time it took.</returns>
    public async Task<TimeSpan> RunUntilAsync(Func<bool> condition, TimeSpan budget, string what)
    {
        var start = Time.GetUtcNow();
        while (!condition())
        {
            var elapsed = Time.GetUtcNow() - start;
            if (elapsed >= budget)
            {
                throw new TimeoutException($"Not reached within {budget.TotalSeconds:0.#} s of fake time: {what}");
            }

            Time.Advance(Step);
            await WhenIdleAsync();
        }

        return Time.GetUtcNow() - start;
    }

    /// <summary>Like <see cref="RunUntilAsync(Func{bool}, TimeSpan, string)"/> for a condition that reads the table.</summary>
    public async Task<TimeSpan> RunUntilAsync(Func<Task<bool>> condition, TimeSpan budget, string what)
    {
        var start = Time.GetUtcNow();
        while (!await condition())
        {
            var elapsed = Time.GetUtcNow() - start;
            if (elapsed >= budget)
            {
                throw new TimeoutException($"Not reached within {budget.TotalSeconds:0.#} s of fake time: {what}");
            }

            Time.Advance(Step);
            await WhenIdleAsync();
        }

        return Time.GetUtcNow() - start;
    }

    public async Task<MembershipRow> RowAsync(SiloAddress silo) =>
        (await Table.ReadAllAsync(CancellationToken.None)).Single(r => r.Entry.Silo == silo);

    public void Dispose()
    {
        foreach (var silo in _silos)
        {
            silo.Agent.Dispose();
        }
    }

    private async Task WhenIdleAsync()
    {
        try
        {
            await Task.WhenAll(_silos.Select(s => s.Agent.WhenIdleAsync())).WaitAsync(IdleDeadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Membership rounds still running {IdleDeadline.TotalSeconds} s after fake time reached {Time.GetUtcNow():O}");
        }
    }
}
