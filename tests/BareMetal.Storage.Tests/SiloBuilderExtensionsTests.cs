using BareMetal.Hosting;
using BareMetal.Runtime;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
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
    public async Task UseClustering_BothEngines_RegisterTableAndDirectoryAsSingletons()
    {
        var sqliteBuilder = new TestSiloBuilder();
        sqliteBuilder.UseSqliteClustering(options => options.ConnectionString = _directory.NewDatabase());
        var postgresBuilder = new TestSiloBuilder();
        postgresBuilder.UsePostgresClustering(options => options.ConnectionString = UnreachablePostgres);
        await using var sqliteServices = sqliteBuilder.Build();
        await using var postgresServices = postgresBuilder.Build();

        Assert.IsType<SqliteMembershipTable>(sqliteServices.GetRequiredService<IMembershipTable>());
        Assert.IsType<SqliteGrainDirectory>(sqliteServices.GetRequiredService<IGrainDirectory>());
        Assert.IsType<PostgresMembershipTable>(postgresServices.GetRequiredService<IMembershipTable>());
        Assert.IsType<PostgresGrainDirectory>(postgresServices.GetRequiredService<IGrainDirectory>());
        Assert.Same(sqliteServices.GetRequiredService<IGrainDirectory>(), sqliteServices.GetRequiredService<IGrainDirectory>());
        Assert.Same(postgresServices.GetRequiredService<IMembershipTable>(), postgresServices.GetRequiredService<IMembershipTable>());
    }

    [Fact]
    public async Task UseClustering_CalledAfterAnotherEngine_ReplacesBothRegistrations()
    {
        var builder = new TestSiloBuilder();
        builder.UseSqliteClustering(options => options.ConnectionString = _directory.NewDatabase());
        builder.UsePostgresClustering(options => options.ConnectionString = UnreachablePostgres);
        await using var services = builder.Build();

        Assert.IsType<PostgresMembershipTable>(Assert.Single(services.GetServices<IMembershipTable>()));
        Assert.IsType<PostgresGrainDirectory>(Assert.Single(services.GetServices<IGrainDirectory>()));
    }

    [Fact]
    public async Task UseSqliteClustering_ConfigurationSection_BindsClusterIdBeforeConfigure()
    {
        var database = _directory.NewDatabase();
        var builder = new TestSiloBuilder(new Dictionary<string, string?>
        {
            ["BareMetal:Storage:Clustering:ConnectionString"] = database,
            ["BareMetal:Storage:Clustering:ClusterId"] = "rack-7",
        });
        builder.UseSqliteClustering(options => options.InitializeSchema = false);
        await using var services = builder.Build();

        var options = services.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(SqliteStorageOptions.ClusteringOptionsName);

        Assert.Equal(database, options.ConnectionString);
        Assert.False(options.InitializeSchema);
        Assert.Equal("rack-7", Assert.IsType<SqliteMembershipTable>(services.GetRequiredService<IMembershipTable>()).ClusterId);
        Assert.Equal("rack-7", Assert.IsType<SqliteGrainDirectory>(services.GetRequiredService<IGrainDirectory>()).ClusterId);
    }

    [Fact]
    public async Task UsePostgresClustering_NoClusterIdConfigured_UsesDev()
    {
        var builder = new TestSiloBuilder();
        builder.UsePostgresClustering(options => options.ConnectionString = UnreachablePostgres);
        await using var services = builder.Build();

        Assert.Equal("dev", Assert.IsType<PostgresMembershipTable>(services.GetRequiredService<IMembershipTable>()).ClusterId);
        Assert.Equal("dev", Assert.IsType<PostgresGrainDirectory>(services.GetRequiredService<IGrainDirectory>()).ClusterId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task UseClustering_BlankClusterId_FailsValidationNamingTheProperty(string clusterId)
    {
        var sqliteBuilder = new TestSiloBuilder();
        sqliteBuilder.UseSqliteClustering(options =>
        {
            options.ConnectionString = _directory.NewDatabase();
            options.ClusterId = clusterId;
        });
        var postgresBuilder = new TestSiloBuilder();
        postgresBuilder.UsePostgresClustering(options =>
        {
            options.ConnectionString = UnreachablePostgres;
            options.ClusterId = clusterId;
        });
        await using var sqliteServices = sqliteBuilder.Build();
        await using var postgresServices = postgresBuilder.Build();

        var sqliteFailure = Assert.Throws<OptionsValidationException>(() => sqliteServices.GetRequiredService<IMembershipTable>());
        var postgresFailure = Assert.Throws<OptionsValidationException>(() => postgresServices.GetRequiredService<IGrainDirectory>());

        Assert.Equal(SqliteStorageOptions.ClusteringOptionsName, sqliteFailure.OptionsName);
        Assert.Contains("SqliteStorageOptions.ClusterId must be set", sqliteFailure.Message, StringComparison.Ordinal);
        Assert.Contains("PostgresStorageOptions.ClusterId must be set", postgresFailure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusteringParticipant_StartedAtRuntimeStorage_CreatesBothSchemas()
    {
        var database = _directory.NewDatabase();
        var builder = new TestSiloBuilder();
        builder.UseSqliteClustering(options => options.ConnectionString = database);
        builder.UseSqliteClustering(options => options.ClusterId = "second-call");
        await using var services = builder.Build();

        var participant = Assert.Single(services.GetServices<ISiloLifecycleParticipant>());
        await participant.OnStartAsync(CancellationToken.None);

        Assert.Equal(SiloLifecycleStage.RuntimeStorage, participant.Stage);
        Assert.Equal(
            [new SchemaVersionRow("sqlite", "grain-directory", 1), new SchemaVersionRow("sqlite", "membership", 1)],
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
