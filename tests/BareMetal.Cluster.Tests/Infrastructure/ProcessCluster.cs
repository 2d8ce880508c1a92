using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BareMetal.Cluster.TestGrains;
using BareMetal.Runtime.Client;
using BareMetal.Runtime.Cluster;
using BareMetal.Storage.Postgres;
using BareMetal.TestInfrastructure;
using Npgsql;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>
/// A cluster of real silo processes for one test: a fresh database on the shared PostgreSQL server,
/// a fresh cluster secret, silo processes named silo-1, silo-2, ... and read access to the
/// membership table, grain directory and grain state rows for checking invariants. Disposing kills
/// every process still running and writes every silo's output to the test log.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    /// <summary>The cluster id the silos use (the host's default).</summary>
    public const string ClusterId = "dev";

    /// <summary>The environment variable adding log levels to every silo (category=Level pairs separated by ';').</summary>
    public const string LogLevelsVariable = "BAREMETAL_TEST_SILO_LOG_LEVELS";

    /// <summary>How long a silo may take to start (the brief's 60 s; a cold start on 2 cores takes 1-3 s).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly List<SiloProcess> _silos = [];
    private readonly Action<string>? _log;
    private readonly IReadOnlyDictionary<string, string> _extraSettings;
    private readonly PostgresMembershipTable _membership;
    private int _nextSilo;

    private ProcessCluster(string connectionString, Action<string>? log, IReadOnlyDictionary<string, string> extraSettings)
    {
        ConnectionString = connectionString;
        _log = log;
        _extraSettings = extraSettings;
        ClusterSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        _membership = new PostgresMembershipTable(new PostgresStorageOptions { ConnectionString = connectionString, ClusterId = ClusterId });
    }

    /// <summary>The test's clock: log lines of every silo are stamped with it.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>The database every silo of this cluster shares.</summary>
    public string ConnectionString { get; }

    /// <summary>The transport secret of this cluster (fresh per test).</summary>
    public string ClusterSecret { get; }

    /// <summary>The grain interface assemblies clients connect with (the test grains; tests add others, e.g. the node contracts).</summary>
    public IList<System.Reflection.Assembly> ClientGrainAssemblies { get; } = [typeof(ICounterGrain).Assembly];

    /// <summary>Every silo started, in start order, dead or alive.</summary>
    public IReadOnlyList<SiloProcess> Silos
    {
        get
        {
            lock (_silos)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>
    /// Creates a database, starts <paramref name="siloCount"/> silos and waits until all are Active and
    /// every gateway places grains on every silo.
    /// </summary>
    /// <param name="server">The shared PostgreSQL server.</param>
    /// <param name="siloCount">How many silos to start.</param>
    /// <param name="log">Where silo output goes on dispose (the test output).</param>
    /// <param name="extraSettings">Configuration added to every silo's environment (keys in env-var form).</param>
    public static async Task<ProcessCluster> StartAsync(PostgresServer server, int siloCount, Action<string>? log = null, IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var database = await server.CreateDatabaseAsync();

        // Each silo opens four pools (state, reminders, membership, directory); keep them well under
        // the test server's max_connections even with four silos.
        var connectionString = new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 10 }.ConnectionString;
        var cluster = new ProcessCluster(connectionString, log, extraSettings ?? new Dictionary<string, string>());
        try
        {
            await cluster.StartSilosAsync(siloCount);
            await cluster.WaitForRingAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="count"/> more silos in parallel and waits until they are Active in the table.</summary>
    public async Task<IReadOnlyList<SiloProcess>> StartSilosAsync(int count)
    {
        var started = new List<SiloProcess>();
        for (var i = 0; i < count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"silo-{Interlocked.Increment(ref _nextSilo)}");
            var silo = SiloProcess.Start(name, SiloEnvironment(name), Clock);
            lock (_silos)
            {
                _silos.Add(silo);
            }

            started.Add(silo);
        }

        await Task.WhenAll(started.Select(s => s.WaitUntilReadyAsync(StartTimeout)));
        await Wait.UntilAsync(
            async () =>
            {
                var rows = await ReadMembershipAsync();
                return started.All(s => rows.Any(r => r.Entry.Silo == s.Address && r.Entry.Status == SiloStatus.Active));
            },
            $"silos {string.Join(", ", started.Select(s => s.Name))} Active in the membership table",
            StartTimeout,
            Describe);
        return started;
    }

    /// <summary>
    /// Waits until every live gateway places new grains on every live silo, i.e. every silo's
    /// membership view holds the whole ring (views refresh on a period; the table alone cannot say).
    /// </summary>
    public async Task WaitForRingAsync()
    {
        var live = Silos.Where(s => !s.HasExited).ToList();
        var names = live.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var probeBase = Random.Shared.NextInt64(1L << 40, 1L << 50);
        foreach (var gateway in live)
        {
            await using var client = await ConnectClientAsync(gateway);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await Wait.UntilAsync(
                async () =>
                {
                    var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
                        client.GrainFactory.GetGrain<ILocatorGrain>(Interlocked.Increment(ref probeBase)).Where()));
                    seen.UnionWith(replies.Select(r => r.Silo));
                    return names.IsSubsetOf(seen);
                },
                $"gateway {gateway.Name} placing grains on every silo ({string.Join(", ", names)})",
                TimeSpan.FromSeconds(30),
                Describe);
        }
    }

    /// <summary>Connects an external client to the gateways of <paramref name="gateways"/>.</summary>
    public async Task<ClusterClient> ConnectClientAsync(params SiloProcess[] gateways)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        var options = new ClusterClientOptions { ClusterId = ClusterId, ClusterSecret = ClusterSecret };
        foreach (var assembly in ClientGrainAssemblies)
        {
            options.GrainAssemblies.Add(assembly);
        }

        foreach (var gateway in gateways)
        {
            options.Gateways.Add(gateway.Gateway);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await ClusterClient.ConnectAsync(options, timeout.Token);
    }

    /// <summary>Every membership row of the cluster.</summary>
    public Task<IReadOnlyList<MembershipRow>> ReadMembershipAsync() => _membership.ReadAllAsync(CancellationToken.None);

    /// <summary>The status of <paramref name="silo"/>'s row.</summary>
    public async Task<SiloStatus> StatusOfAsync(SiloProcess silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var rows = await ReadMembershipAsync();
        return rows.FirstOrDefault(r => r.Entry.Silo == silo.Address)?.Entry.Status ?? SiloStatus.None;
    }

    /// <summary>The grain directory rows of one grain type: key → (silo name, silo address, epoch).</summary>
    public async Task<IReadOnlyDictionary<string, DirectoryRow>> ReadDirectoryAsync(string grainType)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key, silo_address, epoch FROM grain_directory WHERE cluster_id = @cluster AND grain_type = @type";
        command.Parameters.AddWithValue("cluster", ClusterId);
        command.Parameters.AddWithValue("type", grainType);
        var rows = new Dictionary<string, DirectoryRow>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var address = reader.GetString(1);
            rows.Add(reader.GetString(0), new DirectoryRow(SiloNameOf(address), address, reader.GetInt64(2)));
        }

        return rows;
    }

    /// <summary>The stored state rows of one grain type and state name: key → (version, JSON payload, updated at).</summary>
    public async Task<IReadOnlyDictionary<string, StateRow>> ReadStatesAsync(string grainType, string stateName)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key, version, payload, updated_at FROM grain_state WHERE grain_type = @type AND state_name = @state";
        command.Parameters.AddWithValue("type", grainType);
        command.Parameters.AddWithValue("state", stateName);
        var rows = new Dictionary<string, StateRow>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var payload = reader.IsDBNull(2) ? null : Encoding.UTF8.GetString((byte[])reader.GetValue(2));
            rows.Add(reader.GetString(0), new StateRow(reader.GetInt64(1), payload, reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return rows;
    }

    /// <summary>The name of the silo with this address, or the address itself when it is not one of ours.</summary>
    public string SiloNameOf(string address) =>
        Silos.FirstOrDefault(s => s.IsReady && s.Address.ToString() == address)?.Name ?? address;

    /// <summary>Every silo's state and recent output, for failure messages.</summary>
    public string Describe() => string.Join('\n', Silos.Select(s => s.Describe()));

    /// <summary>Kills every process still running and writes every silo's output to the test log.</summary>
    public async ValueTask DisposeAsync()
    {
        var silos = Silos;
        await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask()));
        if (_log is not null)
        {
            foreach (var silo in silos)
            {
                _log(silo.Describe(lastLines: 400));
            }
        }

        await _membership.DisposeAsync();
    }

    private Dictionary<string, string> SiloEnvironment(string name)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BareMetal__Database__Provider"] = "Postgres",
            ["BareMetal__Database__ConnectionString"] = ConnectionString,
            ["BareMetal__Clustering__Enabled"] = "true",
            ["BareMetal__Clustering__GrainAssemblies__0"] = ClusterPaths.TestGrainsAssembly,
            ["BareMetal__Endpoints__SiloPort"] = "0",
            ["BareMetal__Endpoints__GatewayPort"] = "0",
            ["BareMetal__Silo__SiloName"] = name,
            ["BareMetal__Reminders__MinimumReminderPeriod"] = "00:00:00.200",
            ["BareMetal__Reminders__RefreshReminderListPeriod"] = "00:00:05",
            ["BareMetal__Transport__ClusterSecret"] = ClusterSecret,
            ["Logging__LogLevel__Default"] = "Warning",

            // Joins, deaths and ring changes are the evidence when a test fails.
            ["Logging__LogLevel__BareMetal.Runtime.Membership"] = "Information",
            ["Logging__LogLevel__BareMetal.Runtime.Placement"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            [SiloIdentity.NameVariable] = name,
        };
        foreach (var (key, value) in _extraSettings)
        {
            environment[key] = value;
        }

        // Diagnostics without code changes: BAREMETAL_TEST_SILO_LOG_LEVELS="BareMetal.Storage=Debug;BareMetal.Runtime=Debug".
        foreach (var pair in (Environment.GetEnvironmentVariable(LogLevelsVariable) ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                environment[$"Logging__LogLevel__{pair[..equals]}"] = pair[(equals + 1)..];
            }
        }

        return environment;
    }
}
