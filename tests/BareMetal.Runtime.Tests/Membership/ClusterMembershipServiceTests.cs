using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Membership;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Runtime.Tests.Membership;

public sealed class ClusterMembershipServiceTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 5);
    private static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 5);

    [Fact]
    public void TryPublish_OnlyHeartbeatsMoved_PublishesNothing()
    {
        var service = NewService();
        Assert.True(service.TryPublish([Row(SiloA, SiloStatus.Active, "1")]));
        var published = service.CurrentView;

        var again = service.TryPublish([Row(SiloA, SiloStatus.Active, "1", T0.AddSeconds(9))]);

        Assert.False(again);
        Assert.Same(published, service.CurrentView);
        Assert.Equal(1, published.Version);
    }

    [Fact]
    public void TryPublish_RowChanged_RaisesViewChangedWithTheChangedSilos_EvenWhenAHandlerThrows()
    {
        var service = NewService();
        service.TryPublish([Row(SiloA, SiloStatus.Active, "1"), Row(SiloB, SiloStatus.Active, "2")]);
        ClusterMembershipChangedEventArgs? seen = null;
        service.ViewChanged += (_, _) => throw new InvalidOperationException("a broken subscriber");
        service.ViewChanged += (_, e) => seen = e;

        Assert.True(service.TryPublish([Row(SiloA, SiloStatus.Active, "1"), Row(SiloB, SiloStatus.Dead, "3")]));

        Assert.NotNull(seen);
        Assert.Equal([SiloB], seen.ChangedSilos);
        Assert.Equal(1, seen.Previous.Version);
        Assert.Equal(2, seen.Current.Version);
        Assert.Same(service.CurrentView, seen.Current);
    }

    [Fact]
    public async Task WaitForView_PredicateTrueLater_CompletesWithThatView()
    {
        var service = NewService();
        var waiting = service.WaitForViewAsync(v => v.IsDead(SiloB), CancellationToken.None);
        service.TryPublish([Row(SiloB, SiloStatus.Active, "1")]);
        Assert.False(waiting.IsCompleted);

        service.TryPublish([Row(SiloB, SiloStatus.Dead, "2")]);

        var view = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, view.Version);
        Assert.Same(view, await service.WaitForViewAsync(v => v.IsDead(SiloB), CancellationToken.None));
    }

    [Fact]
    public async Task WaitForView_Canceled_CompletesAsCanceled()
    {
        var service = NewService();
        using var cts = new CancellationTokenSource();
        var waiting = service.WaitForViewAsync(v => v.IsActive(SiloA), cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(service.TryPublish([Row(SiloA, SiloStatus.Active, "1")]));
    }

    [Fact]
    public void View_Queries_SortAndClassifySilos()
    {
        var older = new SiloAddress("10.0.0.9", 11111, 1);
        var newer = older with { Generation = 2 };
        var joining = new SiloAddress("10.0.0.3", 11111, 5);
        var view = new ClusterMembershipView(7, [
            Entry(SiloB, SiloStatus.Active, gatewayPort: 30000),
            Entry(SiloA, SiloStatus.Active),
            Entry(newer, SiloStatus.Active, gatewayPort: 30000),
            Entry(joining, SiloStatus.Joining, gatewayPort: 30000),
        ]);

        Assert.Equal([SiloA, SiloB, newer], view.ActiveSilos);
        Assert.Equal([SiloB, newer], view.Gateways.Select(g => g.Silo));
        Assert.True(view.IsActive(SiloA));
        Assert.False(view.IsActive(joining));
        Assert.Equal(SiloStatus.Joining, view.GetStatus(joining));
        Assert.True(view.IsDead(older));
        Assert.False(view.IsDead(new SiloAddress("10.0.0.77", 11111, 1)));
        Assert.Equal(SiloStatus.None, view.GetStatus(older));
        Assert.Throws<ArgumentException>(() => new ClusterMembershipView(1, [Entry(SiloA, SiloStatus.Active), Entry(SiloA, SiloStatus.Dead)]));
    }

    private static ClusterMembershipService NewService() => new(NullLogger<ClusterMembershipService>.Instance);

    private static MembershipRow Row(SiloAddress silo, SiloStatus status, string eTag, DateTimeOffset? iAmAlive = null) =>
        new(Entry(silo, status, iAmAlive), eTag);

    private static MembershipEntry Entry(SiloAddress silo, SiloStatus status, DateTimeOffset? iAmAlive = null, int gatewayPort = 0) => new()
    {
        Silo = silo,
        SiloName = silo.Host,
        Status = status,
        GatewayPort = gatewayPort,
        StartTime = T0,
        IAmAliveTime = iAmAlive ?? T0,
    };
}
