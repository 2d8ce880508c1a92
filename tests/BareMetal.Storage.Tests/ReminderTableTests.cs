using BareMetal.Runtime;
using BareMetal.Runtime.Reminders;
using BareMetal.Storage.Schema;

namespace BareMetal.Storage.Tests;

/// <summary>
/// The <see cref="IReminderTable"/> contract, run against every engine by a small derived class.
/// Each test uses its own grain type; range reads see the whole table, so they are filtered to it.
/// </summary>
public abstract class ReminderTableTests<TTable> : IAsyncLifetime
    where TTable : class, IReminderTable, ISchemaInitializer
{
    private const int RingGrainsPerHalf = 3;
    private static readonly DateTimeOffset StartAt = new(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

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
        _table = NewTable(_database);
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

    /// <summary>A provider on <paramref name="database"/>; the suite disposes it.</summary>
    protected abstract TTable CreateTable(string database);

    protected abstract Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database);

    [Fact]
    public async Task ReadRow_Missing_ReturnsNull()
    {
        Assert.Null(await Table.ReadRowAsync(NewGrain(), "tick", Ct));
    }

    [Fact]
    public async Task UpsertRow_NewReminder_ReadsBackEveryField()
    {
        var entry = Entry(NewGrain(), "inspect") with { StartAt = new DateTimeOffset(2030, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)) };

        var eTag = await Table.UpsertRowAsync(entry, Ct);

        var stored = await Table.ReadRowAsync(entry.GrainId, entry.ReminderName, Ct);
        Assert.Equal(entry with { ETag = eTag }, stored);
        Assert.Equal(TimeSpan.Zero, stored!.StartAt.Offset);
    }

    [Fact]
    public async Task UpsertRow_StartAtBelowMicroseconds_IsTruncatedToMicroseconds()
    {
        var entry = Entry(NewGrain(), "precise") with { StartAt = StartAt.AddTicks(1234567) };

        await Table.UpsertRowAsync(entry, Ct);

        var stored = await Table.ReadRowAsync(entry.GrainId, entry.ReminderName, Ct);
        Assert.Equal(StartAt.AddTicks(1234560), stored?.StartAt);
    }

    [Fact]
    public async Task UpsertRow_ExistingReminder_ReplacesFieldsAndReturnsNewETag()
    {
        var grain = NewGrain();
        var first = await Table.UpsertRowAsync(Entry(grain, "tick"), Ct);
        var replacement = Entry(grain, "tick") with { StartAt = StartAt.AddHours(1), Period = TimeSpan.FromDays(1) };

        var second = await Table.UpsertRowAsync(replacement, Ct);

        Assert.NotEqual(first, second);
        Assert.Equal(replacement with { ETag = second }, await Table.ReadRowAsync(grain, "tick", Ct));
    }

    [Fact]
    public async Task ReadRows_ByGrain_ReturnsOnlyThatGrainsReminders()
    {
        var grain = NewGrain();
        var other = GrainId.Create(grain.Type, grain.Key + "-other");
        var a = await Table.UpsertRowAsync(Entry(grain, "a"), Ct);
        var b = await Table.UpsertRowAsync(Entry(grain, "b"), Ct);
        await Table.UpsertRowAsync(Entry(other, "a"), Ct);

        var rows = await Table.ReadRowsAsync(grain, Ct);

        Assert.Equal(
            [Entry(grain, "a") with { ETag = a }, Entry(grain, "b") with { ETag = b }],
            rows.OrderBy(row => row.ReminderName, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadRows_GrainWithoutReminders_ReturnsEmpty()
    {
        Assert.Empty(await Table.ReadRowsAsync(NewGrain(), Ct));
    }

    [Fact]
    public async Task RemoveRow_WithCurrentETag_DeletesRow()
    {
        var grain = NewGrain();
        var eTag = await Table.UpsertRowAsync(Entry(grain, "tick"), Ct);

        Assert.True(await Table.RemoveRowAsync(grain, "tick", eTag, Ct));

        Assert.Null(await Table.ReadRowAsync(grain, "tick", Ct));
    }

    [Fact]
    public async Task RemoveRow_WithStaleETag_ReturnsFalseAndKeepsRow()
    {
        var grain = NewGrain();
        var stale = await Table.UpsertRowAsync(Entry(grain, "tick"), Ct);
        var current = await Table.UpsertRowAsync(Entry(grain, "tick"), Ct);

        Assert.False(await Table.RemoveRowAsync(grain, "tick", stale, Ct));

        Assert.Equal(current, (await Table.ReadRowAsync(grain, "tick", Ct))?.ETag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-version")]
    public async Task RemoveRow_ETagThisTableNeverIssued_ReturnsFalse(string eTag)
    {
        var grain = NewGrain();
        await Table.UpsertRowAsync(Entry(grain, "tick"), Ct);

        Assert.False(await Table.RemoveRowAsync(grain, "tick", eTag, Ct));

        Assert.NotNull(await Table.ReadRowAsync(grain, "tick", Ct));
    }

    [Fact]
    public async Task RemoveRow_Missing_ReturnsFalse()
    {
        Assert.False(await Table.RemoveRowAsync(NewGrain(), "tick", "1", Ct));
    }

    [Fact]
    public async Task RemoveRow_ETagOfRemovedIncarnation_DoesNotRemoveReinsertedRow()
    {
        var grain = NewGrain();
        var original = await Table.UpsertRowAsync(Entry(grain, "tick"), Ct);
        Assert.True(await Table.RemoveRowAsync(grain, "tick", original, Ct));
        var reinserted = await Table.UpsertRowAsync(Entry(grain, "tick"), Ct);

        Assert.False(await Table.RemoveRowAsync(grain, "tick", original, Ct));

        Assert.NotEqual(original, reinserted);
        Assert.Equal(reinserted, (await Table.ReadRowAsync(grain, "tick", Ct))?.ETag);
    }

    [Fact]
    public async Task ReadRows_RangeWithoutWrap_ReturnsHashesAboveBeginUpToEnd()
    {
        var ring = await InsertRingAsync();

        var rows = await ReadRangeAsync(Hash(ring[0]), Hash(ring[3]), ring[0].Type);

        Assert.Equal([ring[1], ring[2], ring[3]], rows);
    }

    [Fact]
    public async Task ReadRows_RangeWrappingPastZero_ReturnsBothEnds()
    {
        var ring = await InsertRingAsync();

        var rows = await ReadRangeAsync(Hash(ring[^2]), Hash(ring[1]), ring[0].Type);

        Assert.Equal([ring[0], ring[1], ring[^1]], rows);
    }

    [Fact]
    public async Task ReadRows_BeginEqualsEnd_ReturnsWholeRing()
    {
        var ring = await InsertRingAsync();

        Assert.Equal(ring, await ReadRangeAsync(Hash(ring[2]), Hash(ring[2]), ring[0].Type));
        Assert.Equal(ring, await ReadRangeAsync(0, 0, ring[0].Type));
        Assert.Equal(ring, await ReadRangeAsync(uint.MaxValue, uint.MaxValue, ring[0].Type));
    }

    [Fact]
    public async Task ReadRows_UpperHalfOfRing_ComparesHashesUnsigned()
    {
        var ring = await InsertRingAsync();

        var upper = await ReadRangeAsync(int.MaxValue, uint.MaxValue, ring[0].Type);
        var lower = await ReadRangeAsync(uint.MaxValue, int.MaxValue, ring[0].Type);

        Assert.Equal(ring[RingGrainsPerHalf..], upper);
        Assert.Equal(ring[..RingGrainsPerHalf], lower);
    }

    [Fact]
    public async Task EnsureSchema_CalledAgain_AppliesNothing()
    {
        var before = await ReadSchemaVersionsAsync(Database);

        Assert.Equal(0, await Table.EnsureSchemaAsync(Ct));
        Assert.Equal(0, await NewTable(Database).EnsureSchemaAsync(Ct));

        Assert.Equal(before, await ReadSchemaVersionsAsync(Database));
    }

    [Fact]
    public async Task EnsureSchema_FreshDatabase_RecordsReminderVersions()
    {
        var database = await CreateFreshDatabaseAsync();

        var applied = await NewTable(database).EnsureSchemaAsync(Ct);

        Assert.Equal(1, applied);
        Assert.Equal([new SchemaVersionRow(Engine, "reminders", 1)], await ReadSchemaVersionsAsync(database));
    }

    [Fact]
    public async Task EnsureSchema_ConcurrentInstancesOnFreshDatabase_ApplyEachMigrationOnce()
    {
        var database = await CreateFreshDatabaseAsync();
        var tables = Enumerable.Range(0, 4).Select(_ => NewTable(database)).ToArray();

        var applied = await Task.WhenAll(tables.Select(table => Task.Run(() => table.EnsureSchemaAsync(Ct))));

        Assert.Equal(1, applied.Sum());
        Assert.Equal([new SchemaVersionRow(Engine, "reminders", 1)], await ReadSchemaVersionsAsync(database));
        Assert.NotNull(await tables[^1].UpsertRowAsync(Entry(NewGrain(), "tick"), Ct));
    }

    [Fact]
    public async Task UpsertRow_ManyConcurrentWriters_EveryReminderReadsBackWithItsOwnETag()
    {
        var entries = Enumerable.Range(0, 100).Select(i => Entry(NewGrain(), $"tick-{i}") with { Period = TimeSpan.FromSeconds(i + 1) }).ToArray();

        var eTags = await Task.WhenAll(entries.Select(entry => Task.Run(() => Table.UpsertRowAsync(entry, Ct))));

        var stored = await Task.WhenAll(entries.Select(entry => Table.ReadRowAsync(entry.GrainId, entry.ReminderName, Ct)));
        Assert.All(entries.Zip(eTags, stored), row => Assert.Equal(row.First with { ETag = row.Second }, row.Third));
    }

    [Fact]
    public async Task RemoveRow_ConcurrentRemoversWithSameETag_ExactlyOneRemovesEachReminder_OthersUnaffected()
    {
        TTable[] tables = [Table, NewTable(Database)];
        var doomed = Enumerable.Range(0, 10).Select(i => Entry(NewGrain(), "doomed")).ToArray();
        var kept = Enumerable.Range(0, 10).Select(i => Entry(NewGrain(), "kept")).ToArray();
        var doomedETags = await Task.WhenAll(doomed.Select(entry => Table.UpsertRowAsync(entry, Ct)));
        await Task.WhenAll(kept.Select(entry => Table.UpsertRowAsync(entry, Ct)));

        // Four removers per reminder, spread over two tables (two pools), all at once, with updates of other reminders.
        var removals = doomed.Zip(doomedETags).SelectMany(pair => Enumerable.Range(0, 4).Select(remover =>
            Task.Run(() => tables[remover % 2].RemoveRowAsync(pair.First.GrainId, pair.First.ReminderName, pair.Second, Ct)))).ToArray();
        var updates = kept.Select(entry => Task.Run(() => Table.UpsertRowAsync(entry with { Period = TimeSpan.FromHours(1) }, Ct))).ToArray();
        var removed = await Task.WhenAll(removals);
        await Task.WhenAll(updates);

        Assert.All(removed.Chunk(4), perReminder => Assert.Single(perReminder, wasRemoved => wasRemoved));
        Assert.All(await Task.WhenAll(doomed.Select(entry => Table.ReadRowAsync(entry.GrainId, entry.ReminderName, Ct))), Assert.Null);
        Assert.All(await Task.WhenAll(kept.Select(entry => Table.ReadRowAsync(entry.GrainId, entry.ReminderName, Ct))), row => Assert.Equal(TimeSpan.FromHours(1), row?.Period));
    }

    private static GrainId NewGrain() => GrainId.Create("reminder-test", Guid.NewGuid());

    private static uint Hash(GrainId grain) => grain.GetUniformHashCode();

    private static ReminderEntry Entry(GrainId grain, string name) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = StartAt,
        Period = TimeSpan.FromMinutes(5),
    };

    /// <summary>
    /// Grains of a fresh type with distinct hashes, three in each half of the ring (so the sign bit
    /// of the stored hash matters), sorted by hash; each gets one reminder.
    /// </summary>
    private async Task<GrainId[]> InsertRingAsync()
    {
        var type = $"ring-{Guid.NewGuid():N}";
        var candidates = Enumerable.Range(0, 1000).Select(key => GrainId.Create(type, key)).ToArray();
        var ring = candidates.Where(grain => Hash(grain) <= int.MaxValue).Take(RingGrainsPerHalf)
            .Concat(candidates.Where(grain => Hash(grain) > int.MaxValue).Take(RingGrainsPerHalf))
            .OrderBy(Hash)
            .ToArray();
        Assert.Equal(2 * RingGrainsPerHalf, ring.Select(Hash).Distinct().Count());

        foreach (var grain in ring)
        {
            await Table.UpsertRowAsync(Entry(grain, "tick"), Ct);
        }

        return ring;
    }

    private async Task<GrainId[]> ReadRangeAsync(uint beginExclusive, uint endInclusive, string grainType)
    {
        var rows = await Table.ReadRowsAsync(beginExclusive, endInclusive, Ct);
        return [.. rows.Select(row => row.GrainId).Where(grain => grain.Type == grainType).OrderBy(Hash)];
    }

    private TTable NewTable(string database)
    {
        var table = CreateTable(database);
        _created.Add(table);
        return table;
    }
}
