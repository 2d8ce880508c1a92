using BareMetal.Runtime.Cluster;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Tests.Membership;

public sealed class MembershipAgentTests
{
    [Fact]
    public async Task ThreeSilos_Start_AllBecomeActiveAndSeeEachOther()
    {
        using var cluster = new MembershipTestCluster();

        var silos = await cluster.StartSilosAsync(3);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3));

        var all = silos.Select(s => s.Address).Order().ToList();
        Assert.All(silos, s => Assert.Equal(all, s.View.ActiveSilos));
        Assert.All(silos, s => Assert.Equal(SiloStatus.Active, s.Agent.LocalStatus));
        var rows = await cluster.Table.ReadAllAsync(CancellationToken.None);
        Assert.All(rows, r => Assert.Equal(SiloStatus.Active, r.Entry.Status));
        Assert.All(rows, r => Assert.Empty(r.Entry.Suspicions));
        Assert.All(rows, r => Assert.Equal(r.Entry.Silo.Port + 1000, r.Entry.GatewayPort));
        Assert.All(silos, s => Assert.Equal(3, s.View.Gateways.Count));
        Assert.True(cluster.Network.ProbeCount >= 6 * 3, $"expected every silo to probe both peers each second, saw {cluster.Network.ProbeCount} probes");
    }

    [Fact]
    public async Task SiloStopsAnsweringProbes_IsVotedDeadByTheOthers_WithTheirVotesInTheTable()
    {
        using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(3);
        var (a, b, c) = (silos[0], silos[1], silos[2]);

        c.Crash();
        cluster.Network.Isolate(c.Address);
        var took = await cluster.RunUntilAsync(
            () => a.View.IsDead(c.Address) && b.View.IsDead(c.Address), TimeSpan.FromSeconds(5), $"peers see crashed {c.Address} Dead");

        var row = await cluster.RowAsync(c.Address);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Equal([a.Address, b.Address], row.Entry.Suspicions.Select(v => v.Voter).Order());
        Assert.True(took < TimeSpan.FromSeconds(5), $"declared dead after {took}");
        Assert.Equal([a.Address, b.Address], a.View.ActiveSilos);
        Assert.Equal([a.Address, b.Address], b.View.ActiveSilos);
    }

    [Fact]
    public async Task TwoSilos_PeerStopsAnswering_OneVoteSuffices()
    {
        using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(2);
        var (a, b) = (silos[0], silos[1]);

        b.Crash();
        cluster.Network.Isolate(b.Address);
        await cluster.RunUntilAsync(() => a.View.IsDead(b.Address), TimeSpan.FromSeconds(5), $"{a.Address} sees {b.Address} Dead");

        var row = await cluster.RowAsync(b.Address);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Equal(a.Address, Assert.Single(row.Entry.Suspicions).Voter);
        Assert.Equal([a.Address], a.View.ActiveSilos);
    }

    [Fact]
    public async Task OneVoterOfThree_BelowThreshold_SuspectsButDoesNotDeclareDead()
    {
        using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(3);
        var (a, c) = (silos[0], silos[2]);

        cluster.Network.Block(a.Address, c.Address);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(4));

        var row = await cluster.RowAsync(c.Address);
        Assert.Equal(SiloStatus.Active, row.Entry.Status);
        var vote = Assert.Single(row.Entry.Suspicions);
        Assert.Equal(a.Address, vote.Voter);
        Assert.All(silos, s => Assert.True(s.View.IsActive(c.Address)));
    }

    [Fact]
    public async Task ExpiredVote_DoesNotCountTowardsDeath()
    {
        using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(3);
        var (a, b, c) = (silos[0], silos[1], silos[2]);

        cluster.Network.Block(a.Address, c.Address);
        await cluster.RunUntilAsync(async () => (await cluster.RowAsync(c.Address)).Entry.Suspicions.Count == 1, TimeSpan.FromSeconds(5), $"{a.Address} votes against {c.Address}");
        cluster.Network.Unblock(a.Address, c.Address);
        await cluster.AdvanceAsync(cluster.Options.VoteExpiration + TimeSpan.FromSeconds(1));
        cluster.Network.Block(b.Address, c.Address);
        await cluster.RunUntilAsync(
            async () => (await cluster.RowAsync(c.Address)).Entry.Suspicions.Any(v => v.Voter == b.Address), TimeSpan.FromSeconds(5), $"{b.Address} votes against {c.Address}");

        var row = await cluster.RowAsync(c.Address);
        Assert.Equal(SiloStatus.Active, row.Entry.Status);
        Assert.Equal(b.Address, Assert.Single(row.Entry.Suspicions).Voter);
    }

    [Fact]
    public async Task SiloWhoseHeartbeatStops_IsDeclaredDeadByAge_WithoutVotes()
    {
        using var cluster = new MembershipTestCluster();
        var a = cluster.AddSilo(cluster.NextPort());
        var b = cluster.AddSilo(cluster.NextPort());
        FaultyMembershipTable? cTable = null;
        var c = cluster.AddSilo(cluster.NextPort(), t => cTable = new FaultyMembershipTable(t));
        await cluster.StartAsync(a, b, c);

        cTable!.FailHeartbeats = true;
        var lastHeartbeat = (await cluster.RowAsync(c.Address)).Entry.IAmAliveTime;
        await cluster.RunUntilAsync(
            () => a.View.IsDead(c.Address) && b.View.IsDead(c.Address), TimeSpan.FromSeconds(15), $"{c.Address} declared dead by heartbeat age");

        var row = await cluster.RowAsync(c.Address);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Empty(row.Entry.Suspicions);
        Assert.True(cluster.Time.GetUtcNow() - lastHeartbeat > cluster.Options.DeathByHeartbeatAge);
        Assert.True(a.Logger.Has(LogLevel.Warning, "heartbeat") || b.Logger.Has(LogLevel.Warning, "heartbeat"));
        Assert.True(c.Logger.Has(LogLevel.Warning, "Membership heartbeat failed"));
    }

    [Fact]
    public async Task SiloThatReadsItselfDead_RaisesEventAndStopsApplication_AndNeverWritesItselfBack()
    {
        using var cluster = new MembershipTestCluster();
        var a = cluster.AddSilo(cluster.NextPort());
        var b = cluster.AddSilo(cluster.NextPort());
        FaultyMembershipTable? cTable = null;
        var c = cluster.AddSilo(cluster.NextPort(), t => cTable = new FaultyMembershipTable(t));
        await cluster.StartAsync(a, b, c);
        var raised = 0;
        c.Agent.LocalSiloDeclaredDead += (_, silo) =>
        {
            Assert.Equal(c.Address, silo);
            Interlocked.Increment(ref raised);
        };

        // A long pause or partition: C reaches neither its peers nor the table, and they vote it out.
        cluster.Network.Isolate(c.Address);
        cTable!.FailAll = true;
        await cluster.RunUntilAsync(() => a.View.IsDead(c.Address) && b.View.IsDead(c.Address), TimeSpan.FromSeconds(5), $"{c.Address} voted dead");
        var writesBeforeHeal = cTable.RowWrites.Count;
        var heartbeatsBeforeHeal = cTable.Heartbeats;

        cluster.Network.Heal(c.Address);
        cTable.FailAll = false;
        await cluster.RunUntilAsync(() => c.Agent.IsDeclaredDead, TimeSpan.FromSeconds(3), $"{c.Address} reads its own row as Dead");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(5));
        await c.StopAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => c.Agent.BecomeActiveAsync(CancellationToken.None));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(1, raised);
        Assert.Equal(1, c.Lifetime.StopCalls);
        Assert.True(c.Logger.Has(LogLevel.Error, "declared dead by its peers"));
        Assert.Equal(SiloStatus.Dead, c.Agent.LocalStatus);
        Assert.True(c.View.IsDead(c.Address));
        Assert.Equal(writesBeforeHeal, cTable.RowWrites.Count);
        Assert.Equal(heartbeatsBeforeHeal, cTable.Heartbeats);
        Assert.Equal(SiloStatus.Dead, (await cluster.RowAsync(c.Address)).Entry.Status);
        Assert.Equal(0, a.Lifetime.StopCalls + b.Lifetime.StopCalls);
    }

    [Fact]
    public async Task GracefulStop_WritesShuttingDownThenDead_AndOthersDropItWithoutVotes()
    {
        using var cluster = new MembershipTestCluster();
        var a = cluster.AddSilo(cluster.NextPort());
        var b = cluster.AddSilo(cluster.NextPort());
        FaultyMembershipTable? cTable = null;
        var c = cluster.AddSilo(cluster.NextPort(), t => cTable = new FaultyMembershipTable(t));
        await cluster.StartAsync(a, b, c);

        await c.StopAsync();
        cluster.Network.Isolate(c.Address);
        await cluster.RunUntilAsync(() => a.View.IsDead(c.Address) && b.View.IsDead(c.Address), TimeSpan.FromSeconds(2), $"peers see {c.Address} leave");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(5));

        var row = await cluster.RowAsync(c.Address);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Empty(row.Entry.Suspicions);
        Assert.Equal(
            [SiloStatus.Joining, SiloStatus.Active, SiloStatus.ShuttingDown, SiloStatus.Dead],
            cTable!.RowWrites.Where(w => w.Silo == c.Address).Select(w => w.Status));
        Assert.Equal([a.Address, b.Address], a.View.ActiveSilos);
        Assert.True(c.View.IsDead(c.Address));
        Assert.False(c.Agent.IsDeclaredDead);
        Assert.Equal(0, c.Lifetime.StopCalls);
    }

    [Fact]
    public async Task RestartedSilo_OnTheSameEndpoint_MarksItsPredecessorDead()
    {
        using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(3);
        var (a, old) = (silos[0], silos[2]);

        old.Crash();
        cluster.Network.Isolate(old.Address);
        var restarted = cluster.AddSilo(old.Address.Port);
        await restarted.Agent.OnStartAsync(CancellationToken.None);

        var predecessor = await cluster.RowAsync(old.Address);
        Assert.Equal(SiloStatus.Dead, predecessor.Entry.Status);
        Assert.Empty(predecessor.Entry.Suspicions);
        Assert.True(restarted.Address.Generation > old.Address.Generation);
        Assert.Equal(old.Address.Endpoint, restarted.Address.Endpoint);

        await restarted.Agent.ActiveStageParticipant.OnStartAsync(CancellationToken.None);
        await cluster.RunUntilAsync(() => a.View.IsActive(restarted.Address) && a.View.IsDead(old.Address), TimeSpan.FromSeconds(2), "peers see the restart");
        Assert.Equal(SiloStatus.Active, (await cluster.RowAsync(restarted.Address)).Entry.Status);
        Assert.Empty((await cluster.RowAsync(old.Address)).Entry.Suspicions);
    }

    [Fact]
    public async Task ConcurrentVoters_OnTheSameRow_BothVotesAreRecorded()
    {
        using var cluster = new MembershipTestCluster();
        var victimPort = cluster.NextPort() + 2;
        var victimAddress = new SiloAddress("127.0.0.1", victimPort, 3);
        VoteBarrierTable? barrier = null;
        IMembershipTable Shared(IMembershipTable table) => barrier ??= new VoteBarrierTable(table, victimAddress);
        var a = cluster.AddSilo(cluster.NextPort(), Shared);
        var b = cluster.AddSilo(cluster.NextPort(), Shared);
        var c = cluster.AddSilo(victimPort);
        Assert.Equal(victimAddress, c.Address);
        await cluster.StartAsync(a, b, c);

        c.Crash();
        cluster.Network.Isolate(c.Address);
        await cluster.RunUntilAsync(() => a.View.IsDead(c.Address) && b.View.IsDead(c.Address), TimeSpan.FromSeconds(5), $"{c.Address} voted dead");

        Assert.True(barrier!.BothArrived.IsCompleted);
        Assert.True(barrier.Conflicts >= 1, "one of the two voters must have lost the ETag race");
        var row = await cluster.RowAsync(c.Address);
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Equal([a.Address, b.Address], row.Entry.Suspicions.Select(v => v.Voter).Order());

        // The loser re-read and voted again in the same round, not a probe period later.
        Assert.Single(row.Entry.Suspicions.Select(v => v.Time).Distinct());
        Assert.False(a.Logger.Has(LogLevel.Warning, "Gave up") || b.Logger.Has(LogLevel.Warning, "Gave up"));
    }

    [Fact]
    public async Task TableErrors_AreLoggedAndRetried_WithoutStoppingTheAgent()
    {
        using var cluster = new MembershipTestCluster();
        var a = cluster.AddSilo(cluster.NextPort());
        FaultyMembershipTable? bTable = null;
        var b = cluster.AddSilo(cluster.NextPort(), t => bTable = new FaultyMembershipTable(t));
        await cluster.StartAsync(a, b);

        bTable!.FailAll = true;
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(4));
        var heartbeatDuringOutage = (await cluster.RowAsync(b.Address)).Entry.IAmAliveTime;
        bTable.FailAll = false;
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(3));

        Assert.True(b.Logger.Has(LogLevel.Warning, "Membership heartbeat failed"));
        Assert.True(b.Logger.Has(LogLevel.Warning, "Membership table refresh failed"));
        Assert.True((await cluster.RowAsync(b.Address)).Entry.IAmAliveTime > heartbeatDuringOutage, "heartbeats resume after the outage");
        Assert.Equal(SiloStatus.Active, b.Agent.LocalStatus);
        Assert.False(b.Agent.IsDeclaredDead);
        Assert.All(new[] { a, b }, s => Assert.Equal([a.Address, b.Address], s.View.ActiveSilos));
    }

    [Fact]
    public async Task ViewChanged_IsRaisedWhenAPeerJoins_AndWaitForViewCompletes()
    {
        using var cluster = new MembershipTestCluster();
        var silos = await cluster.StartSilosAsync(1);
        var a = silos[0];
        var changes = new List<IReadOnlyList<SiloAddress>>();
        a.Service.ViewChanged += (_, e) =>
        {
            Assert.True(e.Current.Version > e.Previous.Version);
            changes.Add(e.ChangedSilos);
        };

        var b = cluster.AddSilo(cluster.NextPort());
        var waiting = a.Service.WaitForViewAsync(v => v.IsActive(b.Address), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await b.StartAsync();
        await cluster.RunUntilAsync(() => waiting.IsCompleted, TimeSpan.FromSeconds(2), $"{a.Address} sees {b.Address} Active");

        var view = await waiting;
        Assert.Equal([a.Address, b.Address], view.ActiveSilos);
        Assert.All(changes, c => Assert.Equal([b.Address], c));
        Assert.NotEmpty(changes);
    }
}
