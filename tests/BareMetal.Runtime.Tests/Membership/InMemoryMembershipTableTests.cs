using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Membership;

namespace BareMetal.Runtime.Tests.Membership;

public sealed class InMemoryMembershipTableTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Insert_SameSiloTwice_SecondReturnsFalse()
    {
        var table = new InMemoryMembershipTable();
        var entry = Entry(1);

        Assert.True(await table.InsertRowAsync(entry, CancellationToken.None));
        Assert.False(await table.InsertRowAsync(entry with { SiloName = "other" }, CancellationToken.None));

        var row = Assert.Single(await table.ReadAllAsync(CancellationToken.None));
        Assert.Equal("silo-1", row.Entry.SiloName);
    }

    [Fact]
    public async Task Update_WithStaleETag_ReturnsFalseAndKeepsTheRow()
    {
        var table = new InMemoryMembershipTable();
        await table.InsertRowAsync(Entry(1), CancellationToken.None);
        var first = Assert.Single(await table.ReadAllAsync(CancellationToken.None));

        Assert.True(await table.UpdateRowAsync(first.Entry with { Status = SiloStatus.Active }, first.ETag, CancellationToken.None));
        Assert.False(await table.UpdateRowAsync(first.Entry with { Status = SiloStatus.Dead }, first.ETag, CancellationToken.None));
        Assert.False(await table.UpdateRowAsync(Entry(2), first.ETag, CancellationToken.None));

        var row = Assert.Single(await table.ReadAllAsync(CancellationToken.None));
        Assert.Equal(SiloStatus.Active, row.Entry.Status);
        Assert.NotEqual(first.ETag, row.ETag);
    }

    [Fact]
    public async Task UpdateIAmAlive_ChangesTheTimeButNotTheETag()
    {
        var table = new InMemoryMembershipTable();
        await table.InsertRowAsync(Entry(1), CancellationToken.None);
        var before = Assert.Single(await table.ReadAllAsync(CancellationToken.None));

        await table.UpdateIAmAliveAsync(before.Entry.Silo, T0.AddSeconds(5), CancellationToken.None);
        await table.UpdateIAmAliveAsync(Address(9), T0.AddSeconds(5), CancellationToken.None);

        var after = Assert.Single(await table.ReadAllAsync(CancellationToken.None));
        Assert.Equal(T0.AddSeconds(5), after.Entry.IAmAliveTime);
        Assert.Equal(before.ETag, after.ETag);
        Assert.True(await table.UpdateRowAsync(after.Entry with { Status = SiloStatus.Active }, before.ETag, CancellationToken.None));
    }

    [Fact]
    public async Task CleanupDefunctSilos_RemovesOnlyDeadRowsOlderThanTheCutoff()
    {
        var table = new InMemoryMembershipTable();
        await table.InsertRowAsync(Entry(1, SiloStatus.Dead, T0), CancellationToken.None);
        await table.InsertRowAsync(Entry(2, SiloStatus.Dead, T0.AddHours(2)), CancellationToken.None);
        await table.InsertRowAsync(Entry(3, SiloStatus.Active, T0), CancellationToken.None);

        await table.CleanupDefunctSilosAsync(T0.AddHours(1), CancellationToken.None);

        var left = (await table.ReadAllAsync(CancellationToken.None)).Select(r => r.Entry.Silo.Port).Order();
        Assert.Equal([2, 3], left);
    }

    [Fact]
    public async Task StoredRow_CallerMutatesItsVoteList_RowIsUnchanged()
    {
        var table = new InMemoryMembershipTable();
        var votes = new List<SuspectVote> { new(Address(2), T0) };
        await table.InsertRowAsync(Entry(1) with { Suspicions = votes }, CancellationToken.None);

        votes.Add(new SuspectVote(Address(3), T0));

        Assert.Single(Assert.Single(await table.ReadAllAsync(CancellationToken.None)).Entry.Suspicions);
    }

    [Fact]
    public async Task ConcurrentUpdates_WithTheSameETag_ExactlyOneWins()
    {
        var table = new InMemoryMembershipTable();
        await table.InsertRowAsync(Entry(1), CancellationToken.None);
        var row = Assert.Single(await table.ReadAllAsync(CancellationToken.None));
        using var start = new ManualResetEventSlim();

        var writers = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await table.UpdateRowAsync(row.Entry with { Suspicions = [new SuspectVote(Address(100 + i), T0)] }, row.ETag, CancellationToken.None);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(writers);

        Assert.Equal(1, results.Count(r => r));
        Assert.Single(Assert.Single(await table.ReadAllAsync(CancellationToken.None)).Entry.Suspicions);
    }

    private static SiloAddress Address(int port) => new("10.0.0.1", port, 1);

    private static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Joining, DateTimeOffset? iAmAlive = null) => new()
    {
        Silo = Address(port),
        SiloName = $"silo-{port}",
        Status = status,
        StartTime = T0,
        IAmAliveTime = iAmAlive ?? T0,
    };
}
