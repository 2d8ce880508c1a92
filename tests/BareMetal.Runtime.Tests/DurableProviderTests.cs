using BareMetal.Hosting;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;
using BareMetal.TestInfrastructure;

namespace BareMetal.Runtime.Tests;

/// <summary>
/// The runtime over the real storage providers: what must survive a silo restart does, and two
/// activations of one grain on one database (what a cluster split could produce) cannot both write.
/// </summary>
public abstract class DurableProviderTests
{
    protected abstract Task<Action<ISiloBuilder>> StorageAsync();

    [Fact]
    public async Task Reminder_AfterSiloRestart_FiresAgainWithoutAnyCall()
    {
        var storage = await StorageAsync();
        var key = Guid.NewGuid().ToString();
        await using (var first = await TestSilo.StartAsync(storage, ReminderTests.FastReminders))
        {
            await first.GrainFactory.GetGrain<IReminderGrain>(key).Register("power-sync", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
            await Wait.UntilAsync(() => ReminderLog.Count(key, "power-sync") >= 1, "a tick before the restart");
        }

        var beforeRestart = ReminderLog.Count(key, "power-sync");
        await using var second = await TestSilo.StartAsync(storage, ReminderTests.FastReminders);

        await Wait.UntilAsync(() => ReminderLog.Count(key, "power-sync") >= beforeRestart + 2, "ticks after the restart");
        Assert.Equal(["power-sync"], await second.GrainFactory.GetGrain<IReminderGrain>(key).ListReminders());
    }

    [Fact]
    public async Task State_AfterSiloRestart_IsReadBack()
    {
        var storage = await StorageAsync();
        var key = Guid.NewGuid().ToString();
        await using (var first = await TestSilo.StartAsync(storage))
        {
            await first.GrainFactory.GetGrain<IProfileGrain>(key).SetName("before-restart");
        }

        await using var second = await TestSilo.StartAsync(storage);

        Assert.Equal("before-restart", await second.GrainFactory.GetGrain<IProfileGrain>(key).GetName());
    }

    [Fact]
    public async Task TwoActivationsOfOneGrain_OnOneDatabase_OnlyTheFirstWriterWins()
    {
        var storage = await StorageAsync();
        var key = Guid.NewGuid().ToString();
        await using var siloA = await TestSilo.StartAsync(storage);
        await using var siloB = await TestSilo.StartAsync(storage);
        var onA = siloA.GrainFactory.GetGrain<IProfileGrain>(key);
        var onB = siloB.GrainFactory.GetGrain<IProfileGrain>(key);
        Assert.Null(await onA.GetName());
        Assert.Null(await onB.GetName());

        await onA.SetName("written-by-a");
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => onB.SetName("written-by-b"));

        Assert.Null(conflict.ExpectedETag);
        await using var third = await TestSilo.StartAsync(storage);
        Assert.Equal("written-by-a", await third.GrainFactory.GetGrain<IProfileGrain>(key).GetName());
    }
}

public sealed class SqliteDurableProviderTests : DurableProviderTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("baremetal-runtime-").FullName;

    protected override Task<Action<ISiloBuilder>> StorageAsync()
    {
        var connectionString = $"Data Source={Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db")}";
        return Task.FromResult<Action<ISiloBuilder>>(silo => silo
            .AddSqliteGrainStorageAsDefault(o => o.ConnectionString = connectionString)
            .UseSqliteReminders(o => o.ConnectionString = connectionString));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

[Collection(PostgresCollection.Name)]
[NeedsPostgres]
public sealed class PostgresDurableProviderTests(PostgresServer server) : DurableProviderTests
{
    protected override async Task<Action<ISiloBuilder>> StorageAsync()
    {
        var connectionString = await server.CreateDatabaseAsync();
        return silo => silo
            .AddPostgresGrainStorageAsDefault(o => o.ConnectionString = connectionString)
            .UsePostgresReminders(o => o.ConnectionString = connectionString);
    }
}
