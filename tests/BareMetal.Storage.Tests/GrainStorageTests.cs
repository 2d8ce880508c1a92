using System.Data;
using System.Text;
using BareMetal.Storage.Relational;
using BareMetal.Storage.Schema;

namespace BareMetal.Storage.Tests;

/// <summary>
/// The <see cref="IGrainStateStore"/> contract, run against every engine by a small derived class.
/// Each test uses its own grain ids, so tests sharing a database never see each other's rows.
/// </summary>
public abstract class GrainStorageTests<TStorage> : IAsyncLifetime
    where TStorage : class, IGrainStateStore, ISchemaInitializer
{
    private const int RaceRounds = 20;
    private const int RacingWriters = 4;
    private const int ConcurrentGrains = 100;

    private readonly List<TStorage> _created = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private string? _database;
    private TStorage? _storage;

    /// <summary>The engine name the provider records in <c>schema_version</c>.</summary>
    protected abstract string Engine { get; }

    /// <summary>How many grain-storage schema versions the provider ships.</summary>
    protected virtual int GrainStorageSchemaVersion => 1;

    /// <summary>Fails a hung storage call instead of hanging the run.</summary>
    protected CancellationToken Ct => _timeout.Token;

    private TStorage Storage => _storage ?? throw new InvalidOperationException("InitializeAsync has not run.");

    private string Database => _database ?? throw new InvalidOperationException("InitializeAsync has not run.");

    public async Task InitializeAsync()
    {
        _database = await GetSharedDatabaseAsync();
        _storage = NewStorage(_database);
        await _storage.EnsureSchemaAsync(Ct);
    }

    public async Task DisposeAsync()
    {
        foreach (var storage in _created)
        {
            if (storage is IAsyncDisposable disposable)
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
    protected abstract TStorage CreateStorage(string database);

    protected abstract Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database);

    /// <summary>
    /// A provider on <paramref name="database"/> that gives up on a held write lock after a fraction of
    /// a second instead of waiting; the suite disposes it.
    /// </summary>
    protected abstract TStorage CreateImpatientStorage(string database);

    /// <summary>
    /// Holds the grain_state write lock from a connection of the test's own until disposed: writes block
    /// (reads do not), so every write issued meanwhile queues and leaves in as few groups as the bound allows.
    /// </summary>
    protected abstract Task<IAsyncDisposable> HoldWriteLockAsync(string database);

    /// <summary>The engine's connections to <paramref name="database"/>, for writing as an older version did.</summary>
    private protected abstract IMigrationTarget CreateMigrationTarget(string database);

    /// <summary>The components and migrations the version before Orleans ran on the database, grain storage first.</summary>
    private protected abstract IReadOnlyList<(string Component, IReadOnlyList<Migration> Migrations)> PreviousVersionSchema { get; }

    /// <summary>The grain_state table as SQL names it.</summary>
    protected abstract string GrainStateTable { get; }

    [Fact]
    public async Task Read_MissingRow_ReturnsNull()
    {
        Assert.Null(await Storage.ReadAsync(NewKey(), Ct));
    }

    [Fact]
    public async Task Write_NewRowWithNullETag_ReadsBackPayloadAndFirstVersion()
    {
        var key = NewKey();
        var payload = Json("""{"power":"on"}""");

        var eTag = await Storage.WriteAsync(key, payload, null, Ct);

        var stored = await Storage.ReadAsync(key, Ct);
        Assert.NotNull(stored);
        Assert.Equal("1", eTag);
        Assert.Equal(eTag, stored.ETag);
        Assert.Equal(payload, stored.Payload);
    }

    [Fact]
    public async Task Write_EmptyPayload_ReadsBackEmptyNotTombstone()
    {
        var key = NewKey();

        await Storage.WriteAsync(key, ReadOnlyMemory<byte>.Empty, null, Ct);

        var stored = await Storage.ReadAsync(key, Ct);
        Assert.NotNull(stored);
        Assert.NotNull(stored.Payload);
        Assert.Empty(stored.Payload);
    }

    [Fact]
    public async Task Write_SliceOfLargerBuffer_StoresOnlyTheSlice()
    {
        var key = NewKey();
        var buffer = Json("xx{\"a\":1}yy");

        await Storage.WriteAsync(key, buffer.AsMemory(2, buffer.Length - 4), null, Ct);

        Assert.Equal(Json("{\"a\":1}"), (await Storage.ReadAsync(key, Ct))?.Payload);
    }

    [Fact]
    public async Task Write_WithCurrentETag_ReplacesPayloadAndBumpsVersion()
    {
        var key = NewKey();
        var first = await Storage.WriteAsync(key, Json("1"), null, Ct);

        var second = await Storage.WriteAsync(key, Json("2"), first, Ct);

        var stored = await Storage.ReadAsync(key, Ct);
        Assert.Equal("2", second);
        Assert.Equal(new StoredGrainState(Json("2"), "2"), stored, StoredStateComparer.Instance);
    }

    [Fact]
    public async Task Write_WithStaleETag_ThrowsWithStoredAndExpectedETags()
    {
        var key = NewKey();
        var first = await Storage.WriteAsync(key, Json("1"), null, Ct);
        await Storage.WriteAsync(key, Json("2"), first, Ct);

        var conflict = await Assert.ThrowsAsync<GrainStateConflictException>(() => Storage.WriteAsync(key, Json("3"), first, Ct));

        Assert.Equal(key, conflict.StateKey);
        Assert.Equal("2", conflict.StoredETag);
        Assert.Equal("1", conflict.ExpectedETag);
        Assert.Equal(Json("2"), (await Storage.ReadAsync(key, Ct))?.Payload);
    }

    [Fact]
    public async Task Write_NullETagOverExistingRow_Conflicts()
    {
        var key = NewKey();
        await Storage.WriteAsync(key, Json("1"), null, Ct);

        var conflict = await Assert.ThrowsAsync<GrainStateConflictException>(() => Storage.WriteAsync(key, Json("2"), null, Ct));

        Assert.Equal("1", conflict.StoredETag);
        Assert.Null(conflict.ExpectedETag);
    }

    [Fact]
    public async Task Write_ETagForMissingRow_ConflictsWithNoStoredETag()
    {
        var key = NewKey();

        var conflict = await Assert.ThrowsAsync<GrainStateConflictException>(() => Storage.WriteAsync(key, Json("1"), "1", Ct));

        Assert.Null(conflict.StoredETag);
        Assert.Equal("1", conflict.ExpectedETag);
        Assert.Null(await Storage.ReadAsync(key, Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData(" 1")]
    public async Task Write_ETagThisStoreNeverIssued_Conflicts(string eTag)
    {
        var key = NewKey();
        await Storage.WriteAsync(key, Json("1"), null, Ct);

        var conflict = await Assert.ThrowsAsync<GrainStateConflictException>(() => Storage.WriteAsync(key, Json("2"), eTag, Ct));

        Assert.Equal("1", conflict.StoredETag);
        Assert.Equal(eTag, conflict.ExpectedETag);
    }

    [Fact]
    public async Task Clear_WithCurrentETag_LeavesTombstoneWithNewerETag()
    {
        var key = NewKey();
        var written = await Storage.WriteAsync(key, Json("1"), null, Ct);

        var cleared = await Storage.ClearAsync(key, written, Ct);

        var stored = await Storage.ReadAsync(key, Ct);
        Assert.NotNull(stored);
        Assert.Null(stored.Payload);
        Assert.Equal("2", cleared);
        Assert.Equal(cleared, stored.ETag);
    }

    [Fact]
    public async Task Write_AfterClearWithTombstoneETag_Succeeds()
    {
        var key = NewKey();
        var written = await Storage.WriteAsync(key, Json("1"), null, Ct);
        var cleared = await Storage.ClearAsync(key, written, Ct);

        var rewritten = await Storage.WriteAsync(key, Json("again"), cleared, Ct);

        Assert.Equal("3", rewritten);
        Assert.Equal(Json("again"), (await Storage.ReadAsync(key, Ct))?.Payload);
    }

    [Fact]
    public async Task Write_WithETagFromBeforeClear_Conflicts()
    {
        var key = NewKey();
        var written = await Storage.WriteAsync(key, Json("1"), null, Ct);
        var cleared = await Storage.ClearAsync(key, written, Ct);

        var conflict = await Assert.ThrowsAsync<GrainStateConflictException>(() => Storage.WriteAsync(key, Json("stale"), written, Ct));

        Assert.Equal(cleared, conflict.StoredETag);
        Assert.Equal(written, conflict.ExpectedETag);
        Assert.Null((await Storage.ReadAsync(key, Ct))?.Payload);
    }

    [Fact]
    public async Task Write_NullETagOverTombstone_Conflicts()
    {
        var key = NewKey();
        var written = await Storage.WriteAsync(key, Json("1"), null, Ct);
        var cleared = await Storage.ClearAsync(key, written, Ct);

        var conflict = await Assert.ThrowsAsync<GrainStateConflictException>(() => Storage.WriteAsync(key, Json("2"), null, Ct));

        Assert.Equal(cleared, conflict.StoredETag);
        Assert.Null(conflict.ExpectedETag);
    }

    [Fact]
    public async Task Clear_MissingRowWithNullETag_InsertsTombstoneAtVersionOne()
    {
        var key = NewKey();

        var cleared = await Storage.ClearAsync(key, null, Ct);

        Assert.Equal("1", cleared);
        Assert.Equal(new StoredGrainState(null, "1"), await Storage.ReadAsync(key, Ct), StoredStateComparer.Instance);
    }

    [Fact]
    public async Task Clear_WithStaleETag_ThrowsAndKeepsPayload()
    {
        var key = NewKey();
        var first = await Storage.WriteAsync(key, Json("1"), null, Ct);
        await Storage.WriteAsync(key, Json("2"), first, Ct);

        var conflict = await Assert.ThrowsAsync<GrainStateConflictException>(() => Storage.ClearAsync(key, first, Ct));

        Assert.Equal("2", conflict.StoredETag);
        Assert.Equal(first, conflict.ExpectedETag);
        Assert.Equal(Json("2"), (await Storage.ReadAsync(key, Ct))?.Payload);
    }

    [Fact]
    public async Task Write_ConcurrentWritersWithSameETag_ExactlyOneWinsEachRound()
    {
        // Two provider instances (two connection pools), as two silos would have.
        TStorage[] storages = [Storage, NewStorage(Database)];
        for (var round = 0; round < RaceRounds; round++)
        {
            var key = NewKey();
            var eTag = await Storage.WriteAsync(key, Json("0"), null, Ct);

            var outcomes = await Task.WhenAll(Enumerable.Range(0, RacingWriters).Select(writer =>
                Task.Run(() => TryWriteAsync(storages[writer % storages.Length], key, Json($"{writer + 1}"), eTag))));

            var winner = Assert.Single(outcomes, outcome => outcome.NewETag is not null);
            Assert.All(outcomes.Where(outcome => outcome != winner), loser => Assert.Equal(eTag, loser.Conflict?.ExpectedETag));
            Assert.Equal(new StoredGrainState(winner.Payload, "2"), await Storage.ReadAsync(key, Ct), StoredStateComparer.Instance);
        }
    }

    [Fact]
    public async Task Write_ConcurrentInsertsOfNewRow_ExactlyOneWinsEachRound()
    {
        TStorage[] storages = [Storage, NewStorage(Database)];
        for (var round = 0; round < RaceRounds; round++)
        {
            var key = NewKey();

            var outcomes = await Task.WhenAll(Enumerable.Range(0, RacingWriters).Select(writer =>
                Task.Run(() => TryWriteAsync(storages[writer % storages.Length], key, Json($"{writer + 1}"), null))));

            var winner = Assert.Single(outcomes, outcome => outcome.NewETag is not null);
            Assert.Equal("1", winner.NewETag);
            Assert.Equal(RacingWriters - 1, outcomes.Count(outcome => outcome.Conflict is { ExpectedETag: null }));
        }
    }

    [Fact]
    public async Task Write_ManyConcurrentWritersToDifferentGrains_AllSucceedAndReadBack()
    {
        var keys = Enumerable.Range(0, ConcurrentGrains).Select(_ => NewKey()).ToArray();

        var eTags = await Task.WhenAll(keys.Select(key => Task.Run(async () =>
        {
            string? eTag = null;
            for (var round = 1; round <= 3; round++)
            {
                eTag = await Storage.WriteAsync(key, Payload(key, round), eTag, Ct);
            }

            return eTag;
        })));

        var stored = await Task.WhenAll(keys.Select(key => Storage.ReadAsync(key, Ct)));
        Assert.All(eTags, eTag => Assert.Equal("3", eTag));
        Assert.All(keys.Zip(stored), pair => Assert.Equal(new StoredGrainState(Payload(pair.First, 3), "3"), pair.Second, StoredStateComparer.Instance));
    }

    [Fact]
    public async Task Write_ConflictingWritersGroupedTogether_ExactlyOneWinsPerKey_AndOtherKeysCommit()
    {
        var contested = Enumerable.Range(0, 8).Select(_ => NewKey()).ToArray();
        foreach (var key in contested)
        {
            await Storage.WriteAsync(key, Json("0"), null, Ct);
        }

        var fresh = Enumerable.Range(0, 8).Select(_ => NewKey()).ToArray();
        Task<WriteOutcome>[] racing;
        Task<WriteOutcome>[] inserts;
        await using (await HoldWriteLockAsync(Database))
        {
            // Issued while the lock is held, the writes queue together (racers of one key side by side).
            racing = contested.SelectMany(key => Enumerable.Range(1, RacingWriters).Select(writer => TryWriteAsync(Storage, key, Json($"{key}:{writer}"), "1"))).ToArray();
            inserts = fresh.Select(key => TryWriteAsync(Storage, key, Payload(key, 1), null)).ToArray();
        }

        var outcomes = await Task.WhenAll(racing);
        foreach (var (key, index) in contested.Select((key, index) => (key, index)))
        {
            var forKey = outcomes.Skip(index * RacingWriters).Take(RacingWriters).ToArray();
            var winner = Assert.Single(forKey, outcome => outcome.NewETag is not null);
            Assert.Equal("2", winner.NewETag);
            Assert.All(forKey.Where(outcome => outcome != winner), loser => Assert.Equal(("2", "1"), (loser.Conflict?.StoredETag, loser.Conflict?.ExpectedETag)));
            Assert.Equal(new StoredGrainState(winner.Payload, "2"), await Storage.ReadAsync(key, Ct), StoredStateComparer.Instance);
        }

        Assert.All(await Task.WhenAll(inserts), insert => Assert.Equal("1", insert.NewETag));
        foreach (var key in fresh)
        {
            Assert.Equal(new StoredGrainState(Payload(key, 1), "1"), await Storage.ReadAsync(key, Ct), StoredStateComparer.Instance);
        }
    }

    [Fact]
    public async Task Write_GroupThatCannotCommit_FailsItsWritesAndLeavesNoTrace_ThenLaterWritesCommit()
    {
        var impatient = NewImpatientStorage(Database);
        var existing = NewKey();
        var existingETag = await impatient.WriteAsync(existing, Json("kept"), null, Ct);
        var fresh = Enumerable.Range(0, 8).Select(_ => NewKey()).ToArray();

        Task<WriteOutcome>[] blocked;
        await using (await HoldWriteLockAsync(Database))
        {
            blocked = [.. fresh.Select(key => TryWriteAsync(impatient, key, Payload(key, 1), null)), TryWriteAsync(impatient, existing, Json("lost"), existingETag)];
            await Task.WhenAll(blocked.Select(outcome => outcome.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        foreach (var task in blocked)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => task);
            Assert.IsNotType<GrainStateConflictException>(error);
        }

        Assert.All(await Task.WhenAll(fresh.Select(key => impatient.ReadAsync(key, Ct))), Assert.Null);
        Assert.Equal(new StoredGrainState(Json("kept"), existingETag), await impatient.ReadAsync(existing, Ct), StoredStateComparer.Instance);

        var retried = await Task.WhenAll(fresh.Select(key => impatient.WriteAsync(key, Payload(key, 1), null, Ct)));
        Assert.All(retried, eTag => Assert.Equal("1", eTag));
        Assert.Equal("2", await impatient.WriteAsync(existing, Json("now"), existingETag, Ct));
    }

    [Fact]
    public async Task WriteThenRead_UnderConcurrency_ReadSeesTheAcknowledgedWrite()
    {
        var keys = Enumerable.Range(0, ConcurrentGrains).Select(_ => NewKey()).ToArray();

        var mismatches = await Task.WhenAll(keys.Select(key => Task.Run(async () =>
        {
            string? eTag = null;
            var mismatch = 0;
            for (var round = 1; round <= 3; round++)
            {
                eTag = await Storage.WriteAsync(key, Payload(key, round), eTag, Ct);
                var read = await Storage.ReadAsync(key, Ct);
                mismatch += StoredStateComparer.Instance.Equals(read, new StoredGrainState(Payload(key, round), eTag)) ? 0 : 1;
            }

            return mismatch;
        })));

        Assert.Equal(0, mismatches.Sum());
    }

    [Fact]
    public async Task Write_SameGrainDifferentStateNames_AreIsolated()
    {
        var grain = Guid.NewGuid().ToString("N");
        var power = new GrainStateKey("storage-test", grain, "power");
        var inventory = new GrainStateKey("storage-test", grain, "inventory");

        await Storage.WriteAsync(power, Json("on"), null, Ct);
        var inventoryETag = await Storage.WriteAsync(inventory, Json("disks"), null, Ct);
        await Storage.WriteAsync(inventory, Json("disks+nics"), inventoryETag, Ct);
        await Storage.ClearAsync(power, "1", Ct);

        Assert.Equal(new StoredGrainState(null, "2"), await Storage.ReadAsync(power, Ct), StoredStateComparer.Instance);
        Assert.Equal(new StoredGrainState(Json("disks+nics"), "2"), await Storage.ReadAsync(inventory, Ct), StoredStateComparer.Instance);
    }

    [Fact]
    public async Task Write_SameKeyDifferentGrainTypes_AreIsolated()
    {
        var key = Guid.NewGuid().ToString("N");
        var server = new GrainStateKey("server", key, "state");
        var rack = new GrainStateKey("rack", key, "state");

        await Storage.WriteAsync(server, Json("server"), null, Ct);

        Assert.Null(await Storage.ReadAsync(rack, Ct));
        Assert.Equal("1", await Storage.WriteAsync(rack, Json("rack"), null, Ct));
        Assert.Equal(Json("server"), (await Storage.ReadAsync(server, Ct))?.Payload);
    }

    [Fact]
    public async Task EnsureSchema_CalledAgain_AppliesNothing()
    {
        var before = await ReadSchemaVersionsAsync(Database);

        var applied = await Storage.EnsureSchemaAsync(Ct);
        var appliedByAnotherInstance = await NewStorage(Database).EnsureSchemaAsync(Ct);

        Assert.Equal(0, applied);
        Assert.Equal(0, appliedByAnotherInstance);
        Assert.Equal(before, await ReadSchemaVersionsAsync(Database));
    }

    [Fact]
    public async Task EnsureSchema_FreshDatabase_RecordsGrainStorageVersions()
    {
        var database = await CreateFreshDatabaseAsync();

        var applied = await NewStorage(database).EnsureSchemaAsync(Ct);

        var rows = await ReadSchemaVersionsAsync(database);
        Assert.Equal(GrainStorageSchemaVersion, applied);
        Assert.Equal(Enumerable.Range(1, GrainStorageSchemaVersion).Select(v => new SchemaVersionRow(Engine, "grain-storage", v)), rows);
    }

    [Fact]
    public async Task EnsureSchema_ConcurrentInstancesOnFreshDatabase_ApplyEachMigrationOnce()
    {
        var database = await CreateFreshDatabaseAsync();
        var storages = Enumerable.Range(0, 4).Select(_ => NewStorage(database)).ToArray();

        var applied = await Task.WhenAll(storages.Select(storage => Task.Run(() => storage.EnsureSchemaAsync(Ct))));

        Assert.Equal(GrainStorageSchemaVersion, applied.Sum());
        Assert.Equal(Enumerable.Range(1, GrainStorageSchemaVersion).Select(v => new SchemaVersionRow(Engine, "grain-storage", v)), await ReadSchemaVersionsAsync(database));
        var key = NewKey();
        Assert.Equal("1", await storages[^1].WriteAsync(key, Json("ok"), null, Ct));
    }

    [Fact]
    public async Task Database_WrittenByTheVersionBeforeOrleans_MigratesAndReadsItsRowsBack()
    {
        // What that version left: its grain_state row for node n-42, keyed by the grain type and key as strings, and
        // the reminder, membership and grain directory tables of its own runtime, all recorded in schema_version.
        var database = await CreateFreshDatabaseAsync();
        var target = CreateMigrationTarget(database);
        try
        {
            foreach (var (component, migrations) in PreviousVersionSchema)
            {
                await new ComponentSchema(target, component, migrations, ensureOnStart: true, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).EnsureSchemaAsync(Ct);
            }

            await target.ExecuteNonQueryAsync(
                $"INSERT INTO {GrainStateTable} (grain_type, grain_key, state_name, payload, version, updated_at) VALUES ('node', 'n-42', 'state', @payload, 7, CURRENT_TIMESTAMP)",
                command => command.AddParameter("@payload", DbType.Binary, Json("{\"name\":\"n-42\"}")),
                Ct);
        }
        finally
        {
            if (target is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        var before = await ReadSchemaVersionsAsync(database);
        var storage = NewStorage(database);
        var applied = await storage.EnsureSchemaAsync(Ct);
        var key = new GrainStateKey("node", "n-42", "state");
        var stored = await storage.ReadAsync(key, Ct);
        var written = await storage.WriteAsync(key, Json("{\"name\":\"n-42\",\"more\":1}"), stored?.ETag, Ct);

        Assert.Equal(0, applied);
        Assert.Equal(before, await ReadSchemaVersionsAsync(database));
        Assert.Equal(["grain-directory", "grain-storage", "membership", "reminders"], before.Select(row => row.Component).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(new StoredGrainState(Json("{\"name\":\"n-42\"}"), "7"), stored, StoredStateComparer.Instance);
        Assert.Equal("8", written);
    }

    private static GrainStateKey NewKey() => new("storage-test", Guid.NewGuid().ToString("N"), "state");

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A payload of a few kilobytes unique to the key and round, so a mixed-up row cannot pass.</summary>
    private static byte[] Payload(GrainStateKey key, int round) =>
        Json($"{{\"key\":\"{key}\",\"round\":{round},\"history\":\"{new string('x', 2048 + round)}\"}}");

    private TStorage NewImpatientStorage(string database)
    {
        var storage = CreateImpatientStorage(database);
        _created.Add(storage);
        return storage;
    }

    private TStorage NewStorage(string database)
    {
        var storage = CreateStorage(database);
        _created.Add(storage);
        return storage;
    }

    private async Task<WriteOutcome> TryWriteAsync(TStorage storage, GrainStateKey key, byte[] payload, string? eTag)
    {
        try
        {
            return new WriteOutcome(payload, await storage.WriteAsync(key, payload, eTag, Ct), null);
        }
        catch (GrainStateConflictException conflict)
        {
            return new WriteOutcome(payload, null, conflict);
        }
    }

    private sealed record WriteOutcome(byte[] Payload, string? NewETag, GrainStateConflictException? Conflict);
}
