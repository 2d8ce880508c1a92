using BareMetal.Runtime;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Storage.Schema;

namespace BareMetal.Storage.Tests;

/// <summary>
/// The <see cref="IGrainDirectory"/> contract, run against every engine by a small derived class.
/// Each test uses its own cluster id and grain ids, so tests sharing a database never see each other's rows.
/// </summary>
public abstract class GrainDirectoryTests<TDirectory> : IAsyncLifetime
    where TDirectory : class, IGrainDirectory, ISchemaInitializer
{
    private const int Providers = 4;
    private const int CallsPerProvider = 4;
    private static readonly SiloAddress[] None = [];
    private static readonly SiloAddress SiloA = Silo(1);
    private static readonly SiloAddress SiloB = Silo(2);
    private static readonly SiloAddress SiloC = Silo(3);

    private readonly List<TDirectory> _created = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private string? _database;
    private string? _clusterId;
    private TDirectory? _directory;

    /// <summary>The engine name the provider records in <c>schema_version</c>.</summary>
    protected abstract string Engine { get; }

    /// <summary>Fails a hung call instead of hanging the run.</summary>
    protected CancellationToken Ct => _timeout.Token;

    /// <summary>The directory of this test's cluster on the shared database.</summary>
    protected TDirectory Directory => _directory ?? throw new InvalidOperationException("InitializeAsync has not run.");

    private string Database => _database ?? throw new InvalidOperationException("InitializeAsync has not run.");

    private string ClusterId => _clusterId ?? throw new InvalidOperationException("InitializeAsync has not run.");

    public async Task InitializeAsync()
    {
        _database = await GetSharedDatabaseAsync();
        _clusterId = NewClusterId();
        _directory = NewDirectory(_clusterId);
        await _directory.EnsureSchemaAsync(Ct);
    }

    public async Task DisposeAsync()
    {
        foreach (var directory in _created)
        {
            if (directory is IAsyncDisposable disposable)
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
    protected abstract TDirectory CreateDirectory(string database, string clusterId);

    protected abstract Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database);

    [Fact]
    public async Task Lookup_Missing_ReturnsNull()
    {
        Assert.Null(await Directory.LookupAsync(NewGrain(), Ct));
    }

    [Fact]
    public async Task Register_Absent_ReturnsMineAtEpochOne()
    {
        var grain = NewGrain();

        var registration = await Directory.RegisterAsync(grain, SiloA, None, Ct);

        Assert.Equal(new GrainRegistration(grain, SiloA, 1), registration);
        Assert.Equal(registration, await Directory.LookupAsync(grain, Ct));
    }

    [Fact]
    public async Task Register_HeldByLiveSilo_ReturnsExistingUnchanged()
    {
        var grain = NewGrain();
        var existing = await Directory.RegisterAsync(grain, SiloA, None, Ct);

        var result = await Directory.RegisterAsync(grain, SiloB, [SiloC], Ct);

        Assert.Equal(existing, result);
        Assert.Equal(existing, await Directory.LookupAsync(grain, Ct));
    }

    [Fact]
    public async Task Register_AlreadyHeldByCaller_ReturnsExistingUnchanged()
    {
        var grain = NewGrain();
        var existing = await Directory.RegisterAsync(grain, SiloA, None, Ct);

        Assert.Equal(existing, await Directory.RegisterAsync(grain, SiloA, [SiloB], Ct));
    }

    [Fact]
    public async Task Register_HolderReplaceable_ReturnsMineAtNextEpoch()
    {
        var grain = NewGrain();
        await Directory.RegisterAsync(grain, SiloA, None, Ct);

        var takeover = await Directory.RegisterAsync(grain, SiloB, [SiloC, SiloA], Ct);
        var late = await Directory.RegisterAsync(grain, SiloC, [SiloA], Ct);

        Assert.Equal(new GrainRegistration(grain, SiloB, 2), takeover);
        Assert.Equal(takeover, late);
        Assert.Equal(takeover, await Directory.LookupAsync(grain, Ct));
    }

    [Fact]
    public async Task Register_ConcurrentCallsFromFourProviders_AllReturnTheOneWinner()
    {
        var grain = NewGrain();

        var results = await RaceAsync(grain, None);

        var winner = results[0];
        Assert.All(results, result => Assert.Equal(winner, result));
        Assert.Contains(winner.Silo, RacingSilos());
        Assert.Equal(1, winner.Epoch);
        Assert.Equal(winner, await Directory.LookupAsync(grain, Ct));
    }

    [Fact]
    public async Task Register_ConcurrentTakeoversFromDeadHolder_AllReturnTheOneWinnerAtNextEpoch()
    {
        var grain = NewGrain();
        var dead = Silo(99);
        await Directory.RegisterAsync(grain, dead, None, Ct);

        var results = await RaceAsync(grain, [dead]);

        var winner = results[0];
        Assert.All(results, result => Assert.Equal(winner, result));
        Assert.Contains(winner.Silo, RacingSilos());
        Assert.Equal(2, winner.Epoch);
        Assert.Equal(winner, await Directory.LookupAsync(grain, Ct));
    }

    [Fact]
    public async Task Unregister_SameSiloAndEpoch_RemovesRegistration()
    {
        var grain = NewGrain();
        var registration = await Directory.RegisterAsync(grain, SiloA, None, Ct);

        Assert.True(await Directory.UnregisterAsync(registration, Ct));

        Assert.Null(await Directory.LookupAsync(grain, Ct));
        Assert.False(await Directory.UnregisterAsync(registration, Ct));
    }

    [Fact]
    public async Task Unregister_WrongEpochOrSilo_ReturnsFalseAndKeepsRegistration()
    {
        var grain = NewGrain();
        var lost = await Directory.RegisterAsync(grain, SiloA, None, Ct);
        var current = await Directory.RegisterAsync(grain, SiloB, [SiloA], Ct);

        Assert.False(await Directory.UnregisterAsync(lost, Ct));
        Assert.False(await Directory.UnregisterAsync(current with { Epoch = 1 }, Ct));
        Assert.False(await Directory.UnregisterAsync(current with { Silo = SiloA }, Ct));

        Assert.Equal(current, await Directory.LookupAsync(grain, Ct));
    }

    [Fact]
    public async Task UnregisterSilos_SomeSilos_RemovesEveryRegistrationNamingThemAndCountsThem()
    {
        var onA = await RegisterManyAsync(SiloA, 3);
        var onB = await RegisterManyAsync(SiloB, 2);
        var onC = await RegisterManyAsync(SiloC, 1);

        Assert.Equal(5, await Directory.UnregisterSilosAsync([SiloA, SiloB, Silo(42)], Ct));

        foreach (var registration in onA.Concat(onB))
        {
            Assert.Null(await Directory.LookupAsync(registration.GrainId, Ct));
        }

        Assert.Equal(onC[0], await Directory.LookupAsync(onC[0].GrainId, Ct));
        Assert.Equal(0, await Directory.UnregisterSilosAsync([SiloA, SiloB], Ct));
    }

    [Fact]
    public async Task UnregisterSilos_NoSilos_ReturnsZero()
    {
        var registration = await Directory.RegisterAsync(NewGrain(), SiloA, None, Ct);

        Assert.Equal(0, await Directory.UnregisterSilosAsync(None, Ct));

        Assert.Equal(registration, await Directory.LookupAsync(registration.GrainId, Ct));
    }

    [Fact]
    public async Task Registrations_OfAnotherClusterId_AreInvisibleAndUntouched()
    {
        var other = NewDirectory(NewClusterId());
        var grain = NewGrain();
        var mine = await Directory.RegisterAsync(grain, SiloA, None, Ct);

        Assert.Null(await other.LookupAsync(grain, Ct));
        var theirs = await other.RegisterAsync(grain, SiloB, [SiloA], Ct);
        Assert.Equal(new GrainRegistration(grain, SiloB, 1), theirs);
        Assert.False(await other.UnregisterAsync(mine, Ct));
        Assert.Equal(0, await other.UnregisterSilosAsync([SiloA], Ct));

        Assert.Equal(mine, await Directory.LookupAsync(grain, Ct));
        Assert.Equal(1, await Directory.UnregisterSilosAsync([SiloA, SiloB], Ct));
        Assert.Equal(theirs, await other.LookupAsync(grain, Ct));
    }

    [Fact]
    public async Task EnsureSchema_CalledAgain_AppliesNothing()
    {
        var before = await ReadSchemaVersionsAsync(Database);

        Assert.Equal(0, await Directory.EnsureSchemaAsync(Ct));
        Assert.Equal(0, await NewDirectory(NewClusterId()).EnsureSchemaAsync(Ct));

        Assert.Equal(before, await ReadSchemaVersionsAsync(Database));
    }

    [Fact]
    public async Task EnsureSchema_FreshDatabase_RecordsGrainDirectoryVersion()
    {
        var database = await CreateFreshDatabaseAsync();
        var directory = CreateDirectory(database, NewClusterId());
        _created.Add(directory);

        Assert.Equal(1, await directory.EnsureSchemaAsync(Ct));

        Assert.Equal([new SchemaVersionRow(Engine, "grain-directory", 1)], await ReadSchemaVersionsAsync(database));
        Assert.Equal(1, (await directory.RegisterAsync(NewGrain(), SiloA, None, Ct)).Epoch);
    }

    private static string NewClusterId() => $"cluster-{Guid.NewGuid():N}";

    private static GrainId NewGrain() => GrainId.Create("directory-test", Guid.NewGuid());

    private static SiloAddress Silo(int port) => new("10.0.0.1", port, 638_700_000_000_000_000);

    private static SiloAddress[] RacingSilos() => [.. Enumerable.Range(0, Providers).Select(i => Silo(200 + i))];

    /// <summary>
    /// <see cref="Providers"/> provider instances of this test's cluster, each registering for its own
    /// silo <see cref="CallsPerProvider"/> times; all calls are released together.
    /// </summary>
    private async Task<GrainRegistration[]> RaceAsync(GrainId grain, SiloAddress[] replaceable)
    {
        var silos = RacingSilos();
        var directories = silos.Select(_ => NewDirectory(ClusterId)).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var calls = Enumerable.Range(0, Providers * CallsPerProvider).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await directories[i % Providers].RegisterAsync(grain, silos[i % Providers], replaceable, Ct);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(calls);
    }

    private async Task<GrainRegistration[]> RegisterManyAsync(SiloAddress silo, int count)
    {
        var registrations = new GrainRegistration[count];
        for (var i = 0; i < count; i++)
        {
            registrations[i] = await Directory.RegisterAsync(NewGrain(), silo, None, Ct);
        }

        return registrations;
    }

    private TDirectory NewDirectory(string clusterId)
    {
        var directory = CreateDirectory(Database, clusterId);
        _created.Add(directory);
        return directory;
    }
}
