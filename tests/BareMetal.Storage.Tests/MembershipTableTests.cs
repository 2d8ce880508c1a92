using BareMetal.Runtime.Cluster;
using BareMetal.Storage.Schema;

namespace BareMetal.Storage.Tests;

/// <summary>
/// The <see cref="IMembershipTable"/> contract, run against every engine by a small derived class.
/// Each test uses its own cluster id, so tests sharing a database never see each other's rows.
/// </summary>
public abstract class MembershipTableTests<TTable> : IAsyncLifetime
    where TTable : class, IMembershipTable, ISchemaInitializer
{
    private const int RacingWriters = 4;
    private static readonly DateTimeOffset StartTime = new(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    private static readonly IReadOnlyList<SuspectVote> NoVotes = [];

    private readonly List<TTable> _created = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private string? _database;
    private TTable? _table;

    /// <summary>The engine name the provider records in <c>schema_version</c>.</summary>
    protected abstract string Engine { get; }

    /// <summary>Fails a hung call instead of hanging the run.</summary>
    protected CancellationToken Ct => _timeout.Token;

    private TTable Table => _table ?? throw new InvalidOperationException("InitializeAsync has not run.");

    private string Database => _database ?? throw new InvalidOperationException("InitializeAsync has not run.");

    public async Task InitializeAsync()
    {
        _database = await GetSharedDatabaseAsync();
        _table = NewTable(NewClusterId());
        await _table.EnsureSchemaAsync(Ct);
    }

    public async Task DisposeAsync()
    {
        foreach (var table in _created)
        {
            if (table is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        _timeout.Dispose();
    }

    /// <summary>The database the tests of this class share (created on first request).</summary>
    protected abstract Task<string> GetSharedDatabaseAsync();

    /// <summary>A new, empty database.</summary>
    protected abstract Task<string> CreateFreshDatabaseAsync();

    /// <summary>A provider on <paramref name="database"/> for <paramref name="clusterId"/>; the suite disposes it.</summary>
    protected abstract TTable CreateTable(string database, string clusterId);

    protected abstract Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database);

    [Fact]
    public async Task ReadAll_NoRows_ReturnsEmpty()
    {
        Assert.Empty(await Table.ReadAllAsync(Ct));
    }

    [Fact]
    public async Task InsertRow_NewSilo_ReadsBackEveryField()
    {
        var entry = new MembershipEntry
        {
            Silo = new SiloAddress("fe80::1", 11111, 638_700_000_000_000_001),
            SiloName = "rack-7/silo-b",
            Status = SiloStatus.ShuttingDown,
            GatewayPort = 30_000,
            StartTime = new DateTimeOffset(2030, 1, 2, 5, 4, 5, 678, TimeSpan.FromHours(2)).AddTicks(1230),
            IAmAliveTime = StartTime.AddMinutes(3),
            Suspicions =
            [
                new SuspectVote(Silo(2), StartTime.AddSeconds(10)),
                new SuspectVote(Silo(3), new DateTimeOffset(2030, 1, 2, 1, 4, 20, TimeSpan.FromHours(-2)).AddTicks(40)),
            ],
        };

        Assert.True(await Table.InsertRowAsync(entry, Ct));

        var row = Assert.Single(await Table.ReadAllAsync(Ct));
        AssertEntry(entry, row.Entry);
        Assert.Equal(TimeSpan.Zero, row.Entry.StartTime.Offset);
        Assert.All(row.Entry.Suspicions, vote => Assert.Equal(TimeSpan.Zero, vote.Time.Offset));
        Assert.False(string.IsNullOrEmpty(row.ETag));
    }

    [Fact]
    public async Task InsertRow_TimesBelowMicroseconds_AreTruncatedToMicroseconds()
    {
        var entry = Entry(Silo(1)) with
        {
            IAmAliveTime = StartTime.AddTicks(1234567),
            Suspicions = [new SuspectVote(Silo(2), StartTime.AddTicks(7654321))],
        };

        await Table.InsertRowAsync(entry, Ct);

        var stored = Assert.Single(await Table.ReadAllAsync(Ct)).Entry;
        Assert.Equal(StartTime.AddTicks(1234560), stored.IAmAliveTime);
        Assert.Equal(StartTime.AddTicks(7654320), Assert.Single(stored.Suspicions).Time);
    }

    [Fact]
    public async Task InsertRow_SiloAlreadyInTable_ReturnsFalseAndKeepsFirstRow()
    {
        var first = Entry(Silo(1));
        Assert.True(await Table.InsertRowAsync(first, Ct));

        Assert.False(await Table.InsertRowAsync(first with { SiloName = "impostor", Status = SiloStatus.Active }, Ct));

        AssertEntry(first, Assert.Single(await Table.ReadAllAsync(Ct)).Entry);
    }

    [Fact]
    public async Task InsertRow_SameEndpointNewGeneration_IsAnotherSilo()
    {
        var old = Entry(Silo(1, generation: 1)) with { Status = SiloStatus.Dead };
        var restarted = Entry(Silo(1, generation: 2));

        Assert.True(await Table.InsertRowAsync(old, Ct));
        Assert.True(await Table.InsertRowAsync(restarted, Ct));

        Assert.Equal(2, (await Table.ReadAllAsync(Ct)).Count);
    }

    [Fact]
    public async Task UpdateRow_WithCurrentETag_ReplacesFieldsAndChangesETag()
    {
        var entry = Entry(Silo(1));
        await Table.InsertRowAsync(entry, Ct);
        var before = Assert.Single(await Table.ReadAllAsync(Ct));
        var updated = entry with
        {
            SiloName = "renamed",
            Status = SiloStatus.Active,
            GatewayPort = 30_001,
            StartTime = StartTime.AddSeconds(1),
            IAmAliveTime = StartTime.AddMinutes(1),
            Suspicions = [new SuspectVote(Silo(2), StartTime.AddMinutes(1))],
        };

        Assert.True(await Table.UpdateRowAsync(updated, before.ETag, Ct));

        var after = Assert.Single(await Table.ReadAllAsync(Ct));
        AssertEntry(updated, after.Entry);
        Assert.NotEqual(before.ETag, after.ETag);
    }

    [Fact]
    public async Task UpdateRow_WithStaleETag_ReturnsFalseAndKeepsRow()
    {
        var entry = Entry(Silo(1));
        await Table.InsertRowAsync(entry, Ct);
        var stale = Assert.Single(await Table.ReadAllAsync(Ct)).ETag;
        var active = entry with { Status = SiloStatus.Active };
        Assert.True(await Table.UpdateRowAsync(active, stale, Ct));
        var current = Assert.Single(await Table.ReadAllAsync(Ct)).ETag;

        Assert.False(await Table.UpdateRowAsync(entry with { Status = SiloStatus.Dead }, stale, Ct));

        var row = Assert.Single(await Table.ReadAllAsync(Ct));
        AssertEntry(active, row.Entry);
        Assert.Equal(current, row.ETag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-version")]
    public async Task UpdateRow_ETagThisTableNeverIssued_ReturnsFalse(string eTag)
    {
        var entry = Entry(Silo(1));
        await Table.InsertRowAsync(entry, Ct);

        Assert.False(await Table.UpdateRowAsync(entry with { Status = SiloStatus.Dead }, eTag, Ct));

        Assert.Equal(SiloStatus.Joining, Assert.Single(await Table.ReadAllAsync(Ct)).Entry.Status);
    }

    [Fact]
    public async Task UpdateRow_SiloNotInTable_ReturnsFalseAndInsertsNothing()
    {
        Assert.False(await Table.UpdateRowAsync(Entry(Silo(1)), "1", Ct));

        Assert.Empty(await Table.ReadAllAsync(Ct));
    }

    [Fact]
    public async Task UpdateRow_RacingVotersWithSameETag_ExactlyOneWins()
    {
        var clusterId = NewClusterId();
        var tables = Enumerable.Range(0, RacingWriters).Select(_ => NewTable(clusterId)).ToArray();
        var target = Entry(Silo(1)) with { Status = SiloStatus.Active };
        await tables[0].InsertRowAsync(target, Ct);
        var eTag = Assert.Single(await tables[0].ReadAllAsync(Ct)).ETag;
        var votes = Enumerable.Range(0, RacingWriters).Select(i => target with { Suspicions = [new SuspectVote(Silo(100 + i), StartTime)] }).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racers = Enumerable.Range(0, RacingWriters).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await tables[i].UpdateRowAsync(votes[i], eTag, Ct);
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(racers);

        var winner = Assert.Single(Enumerable.Range(0, RacingWriters), i => results[i]);
        AssertEntry(votes[winner], Assert.Single(await tables[0].ReadAllAsync(Ct)).Entry);
    }

    [Fact]
    public async Task UpdateIAmAlive_ExistingRow_ChangesOnlyHeartbeatAndKeepsETag()
    {
        var entry = Entry(Silo(1)) with { Suspicions = [new SuspectVote(Silo(2), StartTime)] };
        await Table.InsertRowAsync(entry, Ct);
        var before = Assert.Single(await Table.ReadAllAsync(Ct));
        var heartbeat = StartTime.AddMinutes(5);

        await Table.UpdateIAmAliveAsync(entry.Silo, heartbeat, Ct);

        var after = Assert.Single(await Table.ReadAllAsync(Ct));
        AssertEntry(entry with { IAmAliveTime = heartbeat }, after.Entry);
        Assert.Equal(before.ETag, after.ETag);
        Assert.True(await Table.UpdateRowAsync(after.Entry with { Status = SiloStatus.Active }, before.ETag, Ct));
    }

    [Fact]
    public async Task UpdateIAmAlive_SiloNotInTable_InsertsNothing()
    {
        await Table.UpdateIAmAliveAsync(Silo(1), StartTime, Ct);

        Assert.Empty(await Table.ReadAllAsync(Ct));
    }

    [Fact]
    public async Task Rows_OfAnotherClusterId_AreInvisibleAndUntouched()
    {
        var other = NewTable(NewClusterId());
        var mine = Entry(Silo(1));
        var theirs = mine with { SiloName = "theirs", Status = SiloStatus.Dead, IAmAliveTime = StartTime.AddDays(-1) };
        Assert.True(await Table.InsertRowAsync(mine, Ct));
        Assert.True(await other.InsertRowAsync(theirs, Ct));
        var theirETag = Assert.Single(await other.ReadAllAsync(Ct)).ETag;

        await Table.UpdateIAmAliveAsync(mine.Silo, StartTime.AddHours(1), Ct);
        Assert.True(await Table.UpdateRowAsync(mine with { Status = SiloStatus.Active }, Assert.Single(await Table.ReadAllAsync(Ct)).ETag, Ct));
        await Table.CleanupDefunctSilosAsync(StartTime.AddDays(1), Ct);

        var mineRow = Assert.Single(await Table.ReadAllAsync(Ct));
        Assert.Equal("silo-1", mineRow.Entry.SiloName);
        var theirRow = Assert.Single(await other.ReadAllAsync(Ct));
        AssertEntry(theirs, theirRow.Entry);
        Assert.Equal(theirETag, theirRow.ETag);
    }

    [Fact]
    public async Task CleanupDefunctSilos_RemovesOnlyDeadRowsWithHeartbeatOlderThanCutoff()
    {
        var cutoff = StartTime.AddHours(1);
        var deadOld = Entry(Silo(1)) with { Status = SiloStatus.Dead, IAmAliveTime = cutoff.AddTicks(-10) };
        var deadAtCutoff = Entry(Silo(2)) with { Status = SiloStatus.Dead, IAmAliveTime = cutoff };
        var deadRecent = Entry(Silo(3)) with { Status = SiloStatus.Dead, IAmAliveTime = cutoff.AddMinutes(1) };
        var activeOld = Entry(Silo(4)) with { Status = SiloStatus.Active, IAmAliveTime = StartTime };
        var leavingOld = Entry(Silo(5)) with { Status = SiloStatus.ShuttingDown, IAmAliveTime = StartTime };
        foreach (var entry in (MembershipEntry[])[deadOld, deadAtCutoff, deadRecent, activeOld, leavingOld])
        {
            Assert.True(await Table.InsertRowAsync(entry, Ct));
        }

        await Table.CleanupDefunctSilosAsync(cutoff, Ct);

        var remaining = (await Table.ReadAllAsync(Ct)).Select(row => row.Entry.Silo.Port).Order();
        Assert.Equal([2, 3, 4, 5], remaining);
    }

    [Fact]
    public async Task EnsureSchema_CalledAgain_AppliesNothing()
    {
        var before = await ReadSchemaVersionsAsync(Database);

        Assert.Equal(0, await Table.EnsureSchemaAsync(Ct));
        Assert.Equal(0, await NewTable(NewClusterId()).EnsureSchemaAsync(Ct));

        Assert.Equal(before, await ReadSchemaVersionsAsync(Database));
    }

    [Fact]
    public async Task EnsureSchema_FreshDatabase_RecordsMembershipVersion()
    {
        var database = await CreateFreshDatabaseAsync();
        var table = CreateTable(database, NewClusterId());
        _created.Add(table);

        Assert.Equal(1, await table.EnsureSchemaAsync(Ct));

        Assert.Equal([new SchemaVersionRow(Engine, "membership", 1)], await ReadSchemaVersionsAsync(database));
        Assert.True(await table.InsertRowAsync(Entry(Silo(1)), Ct));
    }

    private static string NewClusterId() => $"cluster-{Guid.NewGuid():N}";

    private static SiloAddress Silo(int port, long generation = 638_700_000_000_000_000) => new("10.0.0.1", port, generation);

    private static MembershipEntry Entry(SiloAddress silo) => new()
    {
        Silo = silo,
        SiloName = $"silo-{silo.Port}",
        Status = SiloStatus.Joining,
        GatewayPort = 0,
        StartTime = StartTime,
        IAmAliveTime = StartTime,
    };

    /// <summary>Field by field: the record compares <see cref="MembershipEntry.Suspicions"/> by reference.</summary>
    private static void AssertEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected with { Suspicions = NoVotes }, actual with { Suspicions = NoVotes });
        Assert.Equal(expected.Suspicions, actual.Suspicions);
    }

    private TTable NewTable(string clusterId)
    {
        var table = CreateTable(Database, clusterId);
        _created.Add(table);
        return table;
    }
}
