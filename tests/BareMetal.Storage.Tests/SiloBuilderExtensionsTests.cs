using BareMetal.Hosting;
using BareMetal.Runtime;
using BareMetal.Runtime.Reminders;
using BareMetal.Runtime.Storage;
using BareMetal.Storage.Postgres;
using BareMetal.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Storage.Tests;

/// <summary>Registration through <see cref="SqliteSiloBuilderExtensions"/> and <see cref="PostgresSiloBuilderExtensions"/>.</summary>
public sealed class SiloBuilderExtensionsTests : IDisposable
{
    // Npgsql opens nothing until first use, so Postgres registrations resolve without a server.
    private const string UnreachablePostgres = "Host=127.0.0.1;Port=1;Username=nobody";

    private readonly SqliteTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddSqliteGrainStorage_Named_ResolvesKeyedStorageUnderThatName()
    {
        var builder = new TestSiloBuilder();
        builder.AddSqliteGrainStorage("inventory", options => options.ConnectionString = _directory.NewDatabase());
        await using var services = builder.Build();

        var storage = services.GetRequiredKeyedService<IGrainStorage>("inventory");

        var sqlite = Assert.IsType<SqliteGrainStorage>(storage);
        Assert.Equal("inventory", sqlite.Name);
        Assert.Same(storage, services.GetRequiredKeyedService<IGrainStorage>("inventory"));
        Assert.Null(services.GetKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName));
    }

    [Fact]
    public async Task AddGrainStorageAsDefault_BothEngines_RegisterUnderDefaultName()
    {
        var sqliteBuilder = new TestSiloBuilder();
        sqliteBuilder.AddSqliteGrainStorageAsDefault(options => options.ConnectionString = _directory.NewDatabase());
        var postgresBuilder = new TestSiloBuilder();
        postgresBuilder.AddPostgresGrainStorageAsDefault(options => options.ConnectionString = UnreachablePostgres);
        await using var sqliteServices = sqliteBuilder.Build();
        await using var postgresServices = postgresBuilder.Build();

        Assert.IsType<SqliteGrainStorage>(sqliteServices.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.IsType<PostgresGrainStorage>(postgresServices.GetRequiredKeyedService<IGrainStorage>("Default"));
    }

    [Fact]
    public async Task AddSqliteGrainStorage_WithoutConnectionString_FailsValidationNamingTheProperty()
    {
        var builder = new TestSiloBuilder();
        builder.AddSqliteGrainStorage("broken", _ => { });
        await using var services = builder.Build();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredKeyedService<IGrainStorage>("broken"));

        Assert.Equal("broken", failure.OptionsName);
        Assert.Contains("SqliteStorageOptions.ConnectionString must be set", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad-name")]
    [InlineData("x\"; DROP SCHEMA public; --")]
    public async Task AddPostgresGrainStorage_SchemaNameNotAnIdentifier_FailsValidationNamingTheProperty(string schemaName)
    {
        var builder = new TestSiloBuilder();
        builder.AddPostgresGrainStorage("pg", options =>
        {
            options.ConnectionString = UnreachablePostgres;
            options.SchemaName = schemaName;
        });
        await using var services = builder.Build();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredKeyedService<IGrainStorage>("pg"));

        Assert.Contains("PostgresStorageOptions.SchemaName", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Port=1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPostgresGrainStorage_MalformedConnectionString_FailsValidationWithoutEchoingIt()
    {
        var builder = new TestSiloBuilder();
        builder.AddPostgresGrainStorage("pg", options => options.ConnectionString = "Password=hunter2;NoSuchKeyword=1");
        await using var services = builder.Build();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredKeyedService<IGrainStorage>("pg"));

        Assert.Contains("PostgresStorageOptions.ConnectionString", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSqliteGrainStorage_ConfigurationSection_BindsOptionsBeforeConfigure()
    {
        var database = _directory.NewDatabase();
        var builder = new TestSiloBuilder(new Dictionary<string, string?>
        {
            ["BareMetal:Storage:Default:ConnectionString"] = database,
            ["BareMetal:Storage:Default:BusyTimeout"] = "00:00:03",
        });
        builder.AddSqliteGrainStorageAsDefault(options => options.InitializeSchema = false);
        await using var services = builder.Build();

        var options = services.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get("Default");

        Assert.Equal(database, options.ConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(3), options.BusyTimeout);
        Assert.False(options.InitializeSchema);
    }

    [Fact]
    public async Task UseReminders_CalledAfterAnotherTable_ReplacesTheRegisteredTable()
    {
        var builder = new TestSiloBuilder();
        builder.UseSqliteReminders(options => options.ConnectionString = _directory.NewDatabase());
        builder.UsePostgresReminders(options => options.ConnectionString = UnreachablePostgres);
        await using var services = builder.Build();

        Assert.IsType<PostgresReminderTable>(services.GetRequiredService<IReminderTable>());
        Assert.Single(services.GetServices<IReminderTable>());
    }

    [Fact]
    public async Task LifecycleParticipants_StartedAtRuntimeStorage_CreateEverySchema()
    {
        var database = _directory.NewDatabase();
        var builder = new TestSiloBuilder();
        builder.AddSqliteGrainStorageAsDefault(options => options.ConnectionString = database);
        builder.UseSqliteReminders(options => options.ConnectionString = database);
        await using var services = builder.Build();
        var participants = services.GetServices<ISiloLifecycleParticipant>().ToArray();

        foreach (var participant in participants)
        {
            await participant.OnStartAsync(CancellationToken.None);
        }

        Assert.Equal(2, participants.Length);
        Assert.All(participants, participant => Assert.Equal(SiloLifecycleStage.RuntimeStorage, participant.Stage));
        Assert.Equal(
            [new SchemaVersionRow("sqlite", "grain-storage", 1), new SchemaVersionRow("sqlite", "reminders", 1)],
            await TestDatabases.ReadSqliteSchemaVersionsAsync(database));
    }

    [Fact]
    public async Task LifecycleParticipant_InitializeSchemaOff_LeavesDatabaseUntouched()
    {
        var database = _directory.NewDatabase("untouched/state.db");
        var builder = new TestSiloBuilder();
        builder.AddSqliteGrainStorageAsDefault(options =>
        {
            options.ConnectionString = database;
            options.InitializeSchema = false;
        });
        await using var services = builder.Build();

        await Assert.Single(services.GetServices<ISiloLifecycleParticipant>()).OnStartAsync(CancellationToken.None);

        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "untouched")));
    }
}
