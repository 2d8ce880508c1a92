using System.Text;
using BareMetal.Storage.Postgres;
using BareMetal.Storage.Schema;
using BareMetal.TestInfrastructure;
using Npgsql;

namespace BareMetal.Storage.Tests;

/// <summary>The grain storage suite on the private PostgreSQL server, in a non-default schema.</summary>
[Collection(PostgresCollection.Name)]
[NeedsPostgres]
public sealed class PostgresGrainStorageTests(PostgresServer server) : GrainStorageTests<PostgresGrainStorage>
{
    private const string Schema = "grain_storage_tests";
    private const int RejectedValueRounds = 30;

    protected override string Engine => "postgres";

    protected override int GrainStorageSchemaVersion => 3;

    protected override Task<string> GetSharedDatabaseAsync() => server.GetDatabaseAsync(nameof(PostgresGrainStorageTests));

    protected override Task<string> CreateFreshDatabaseAsync() => server.CreateDatabaseAsync();

    protected override PostgresGrainStorage CreateStorage(string database) =>
        new("test", new PostgresStorageOptions { ConnectionString = database, SchemaName = Schema });

    protected override string GrainStateTable => $"\"{Schema}\".grain_state";

    private protected override IReadOnlyList<(string Component, IReadOnlyList<Migration> Migrations)> PreviousVersionSchema { get; } =
    [
        (StorageComponent.GrainStorage, PostgresMigrations.GrainStorage($"\"{Schema}\"")),
        (StorageComponent.Reminders, PostgresMigrations.Reminders($"\"{Schema}\"")),
        (StorageComponent.Membership, PostgresMigrations.Membership($"\"{Schema}\"")),
        (StorageComponent.GrainDirectory, PostgresMigrations.GrainDirectory($"\"{Schema}\"")),
    ];

    private protected override IMigrationTarget CreateMigrationTarget(string database) =>
        new PostgresDialect(new PostgresStorageOptions { ConnectionString = database, SchemaName = Schema });

    protected override Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database) =>
        TestDatabases.ReadPostgresSchemaVersionsAsync(database, Schema);

    protected override PostgresGrainStorage CreateImpatientStorage(string database) =>
        new("test", new PostgresStorageOptions { ConnectionString = new NpgsqlConnectionStringBuilder(database) { Options = "-c lock_timeout=300" }.ConnectionString, SchemaName = Schema });

    protected override async Task<IAsyncDisposable> HoldWriteLockAsync(string database)
    {
        var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;

            // EXCLUSIVE blocks INSERT/UPDATE and lets SELECT through.
            command.CommandText = $"LOCK TABLE \"{Schema}\".grain_state IN EXCLUSIVE MODE";
            await command.ExecuteNonQueryAsync();
        }

        return new HeldLock(connection);
    }

    [Fact]
    public async Task Write_ValueTheServerRejects_FailsOnlyThatWriteOfItsGroup_RoundAfterRound()
    {
        var database = await GetSharedDatabaseAsync();

        // A fresh pool each round, so the failing group is also the one in which the statements get
        // prepared: the failure must leave nothing behind for the connection's next groups.
        for (var round = 0; round < RejectedValueRounds; round++)
        {
            await using var storage = CreateStorage(database);
            var good = Enumerable.Range(0, 8).Select(_ => new GrainStateKey("storage-test", Guid.NewGuid().ToString("N"), "state")).ToArray();

            // PostgreSQL text cannot hold NUL: the server rejects this key's statement, which rolls back its group.
            var poisoned = new GrainStateKey("storage-test", $"bad\0{round}", "state");
            Task<string>[] writes;
            Task<string> poisonedWrite;
            await using (await HoldWriteLockAsync(database))
            {
                writes = good.Select(key => storage.WriteAsync(key, Encoding.UTF8.GetBytes(key.ToString()), null, CancellationToken.None)).ToArray();
                poisonedWrite = storage.WriteAsync(poisoned, Encoding.UTF8.GetBytes("x"), null, CancellationToken.None);
            }

            var error = await Assert.ThrowsAnyAsync<Exception>(() => poisonedWrite);
            Assert.IsNotType<GrainStateConflictException>(error);
            Assert.All(await Task.WhenAll(writes), eTag => Assert.Equal("1", eTag));
            foreach (var key in good)
            {
                Assert.Equal(Encoding.UTF8.GetBytes(key.ToString()), (await storage.ReadAsync(key, CancellationToken.None))?.Payload);
            }
        }
    }

    [Fact]
    public async Task Write_StateOfSeveralKilobytes_StaysInTheRowCompressedWithLz4_OnPagesWithRoomForUpdates()
    {
        var database = await GetSharedDatabaseAsync();
        await using var storage = CreateStorage(database);
        var key = new GrainStateKey("storage-test", Guid.NewGuid().ToString("N"), "state");

        // About what a busy node's state weighs: well above the size at which the server would move it out of line.
        var payload = Encoding.UTF8.GetBytes($"{{\"history\":\"{string.Concat(Enumerable.Repeat("power state is now power on; ", 300))}\"}}");
        await storage.WriteAsync(key, payload, null, CancellationToken.None);

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT pg_column_compression(payload), pg_column_size(payload), (SELECT attstorage FROM pg_attribute
                WHERE attrelid = '"{Schema}".grain_state'::regclass AND attname = 'payload'),
                (SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = '"{Schema}".grain_state'::regclass)
            FROM "{Schema}".grain_state WHERE grain_type = @type AND grain_key = @key
            """;
        command.Parameters.AddWithValue("type", key.GrainType);
        command.Parameters.AddWithValue("key", key.GrainKey);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("lz4", reader.GetString(0));
        Assert.True(reader.GetInt32(1) < payload.Length / 4, $"stored {reader.GetInt32(1)} bytes for {payload.Length}");
        Assert.Equal('m', reader.GetChar(2));
        Assert.Equal("fillfactor=70", reader.GetString(3));
        Assert.Equal(payload, (await storage.ReadAsync(key, CancellationToken.None))?.Payload);
    }

    private sealed class HeldLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        // Closing the connection rolls the transaction back and releases the lock.
        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
