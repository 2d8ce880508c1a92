using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BareMetal.Client.Cluster;
using BareMetal.Cluster.TestGrains;
using BareMetal.TestInfrastructure;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>
/// A cluster of real silo processes for one test: a fresh database on the shared PostgreSQL server,
/// a fresh cluster secret, silo processes named silo-1, silo-2, ... and read access to the
/// membership table, the grain directory (through Orleans' management grain) and grain state rows
/// for checking invariants. Disposing kills every process still running and writes every silo's
/// output to the test log.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    /// <summary>The cluster id the silos use (the host's default).</summary>
    public const string ClusterId = "dev";

    /// <summary>The environment variable adding log levels to every silo (category=Level pairs separated by ';').</summary>
    public const string LogLevelsVariable = "BAREMETAL_TEST_SILO_LOG_LEVELS";

    /// <summary>How long a silo may take to start (a cold start on 2 cores takes 2-5 s).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly List<SiloProcess> _silos = [];
    private readonly Action<string>? _log;
    private readonly IReadOnlyDictionary<string, string> _extraSettings;
    private int _nextSilo;

    private ProcessCluster(string connectionString, Action<string>? log, IReadOnlyDictionary<string, string> extraSettings)
    {
        ConnectionString = connectionString;
        _log = log;
        _extraSettings = extraSettings;
        ClusterSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    }

    /// <summary>The test's clock: log lines of every silo are stamped with it.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>The database every silo of this cluster shares.</summary>
    public string ConnectionString { get; }

    /// <summary>The transport secret of this cluster (fresh per test).</summary>
    public string ClusterSecret { get; }

    /// <summary>
    /// How long a client call waits for its answer. A call already sent to a silo that is then killed is lost with
    /// it, and Orleans tells the caller only when this timeout passes (our runtime failed such calls as soon as the
    /// connection dropped). With the product's 30 s, one lost call would stall a sequential caller far past the
    /// failover windows the tests check, so the tests' clients wait 5 s: long enough for any call a live silo
    /// serves here, short enough that a lost call is reported within the windows.
    /// </summary>
    public TimeSpan ClientResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

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

        // Each silo opens a pool per provider (clustering, reminders, grain state); keep them well under
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

    /// <summary>
    /// Starts one more silo process and returns at once, without waiting for it to be ready.
    /// <paramref name="overrides"/> replace settings of its environment (a wrong cluster secret, say).
    /// </summary>
    public SiloProcess StartSilo(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"silo-{Interlocked.Increment(ref _nextSilo)}");
        var environment = SiloEnvironment(name);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var silo = SiloProcess.Start(name, environment, Clock);
        lock (_silos)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>Starts <paramref name="count"/> more silos one after another and waits until they are Active in the table.</summary>
    /// <remarks>
    /// One at a time: the membership defaults declare a silo dead after about 2 s without probe answers, and Orleans
    /// probes joining silos too, so two silos starting at once on two busy cores can be evicted while they join.
    /// </remarks>
    public async Task<IReadOnlyList<SiloProcess>> StartSilosAsync(int count)
    {
        var started = new List<SiloProcess>();
        for (var i = 0; i < count; i++)
        {
            var silo = StartSilo();
            started.Add(silo);
            await silo.WaitUntilReadyAsync(StartTimeout);
        }

        await Wait.UntilAsync(
            async () =>
            {
                var rows = await ReadMembershipAsync();
                return started.All(s => rows.Any(r => r.Silo.Equals(s.Address) && r.Status == SiloStatus.Active));
            },
            $"silos {string.Join(", ", started.Select(s => s.Name))} Active in the membership table",
            StartTimeout,
            Describe);
        return started;
    }

    /// <summary>
    /// Waits until every live gateway places new grains on every live silo, i.e. every silo's
    /// membership view holds the whole cluster (views refresh on a period; the table alone cannot say).
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

    /// <summary>Connects an external client with this cluster's secret to the gateways of <paramref name="gateways"/>.</summary>
    public Task<ClusterConnection> ConnectClientAsync(params SiloProcess[] gateways) => ConnectClientAsync(ClusterSecret, gateways);

    /// <summary>Connects an external client holding <paramref name="clusterSecret"/> (empty: plain TCP) to <paramref name="gateways"/>.</summary>
    public Task<ClusterConnection> ConnectClientAsync(string clusterSecret, params SiloProcess[] gateways)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        var options = new ClusterClientOptions { ClusterId = ClusterId, ClusterSecret = clusterSecret, ResponseTimeout = ClientResponseTimeout };
        foreach (var gateway in gateways)
        {
            options.Gateways.Add(gateway.Gateway);
        }

        return ClusterConnection.ConnectAsync(options, ClientGrainAssemblies, TimeSpan.FromSeconds(30));
    }

    /// <summary>Every membership row of the cluster.</summary>
    public async Task<IReadOnlyList<MembershipRow>> ReadMembershipAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT address, port, generation, silo_name, status FROM orleans_membership WHERE cluster_id = @cluster";
        command.Parameters.AddWithValue("cluster", ClusterId);
        var rows = new List<MembershipRow>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var address = SiloAddress.New(new IPEndPoint(IPAddress.Parse(reader.GetString(0)), reader.GetInt32(1)), reader.GetInt32(2));
                rows.Add(new MembershipRow(address, reader.GetString(3), (SiloStatus)reader.GetInt32(4)));
            }
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The first silo has not created the schema yet: no silo has a row.
        }

        return rows;
    }

    /// <summary>The status of <paramref name="silo"/>'s row.</summary>
    public async Task<SiloStatus> StatusOfAsync(SiloProcess silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var rows = await ReadMembershipAsync();
        return rows.FirstOrDefault(r => r.Silo.Equals(silo.Address))?.Status ?? SiloStatus.None;
    }

    /// <summary>
    /// The silo the grain directory names for each grain (its name, or the address when it is none of ours; null when
    /// the grain has no activation), asked through Orleans' management grain.
    /// </summary>
    public async Task<IReadOnlyDictionary<TKey, string?>> ReadDirectoryAsync<TKey>(ClusterConnection client, IReadOnlyCollection<TKey> keys, Func<TKey, IAddressable> grainOf)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(grainOf);
        var management = client.GrainFactory.GetGrain<IManagementGrain>(0);
        var hosts = await Task.WhenAll(keys.Select(async k => await management.GetActivationAddress(grainOf(k))));
        return keys.Zip(hosts).ToDictionary(p => p.First, p => p.Second is { } address ? SiloNameOf(address) : null);
    }

    /// <summary>The silo the directory names for each counter grain of <paramref name="keys"/>.</summary>
    public Task<IReadOnlyDictionary<string, string?>> ReadCounterDirectoryAsync(ClusterConnection client, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ReadDirectoryAsync(client, keys, k => client.GrainFactory.GetGrain<ICounterGrain>(k));
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
    public string SiloNameOf(SiloAddress address) =>
        Silos.FirstOrDefault(s => s.IsReady && s.Address.Equals(address))?.Name ?? address.ToString();

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
    }

    private Dictionary<string, string> SiloEnvironment(string name)
    {
        var ports = FreePorts.Take(2);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BareMetal__Database__Provider"] = "Postgres",
            ["BareMetal__Database__ConnectionString"] = ConnectionString,
            ["BareMetal__Clustering__Enabled"] = "true",
            ["BareMetal__Clustering__GrainAssemblies__0"] = ClusterPaths.TestGrainsAssembly,
            ["BareMetal__Endpoints__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["BareMetal__Endpoints__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["BareMetal__Silo__SiloName"] = name,
            ["BareMetal__Reminders__MinimumReminderPeriod"] = "00:00:00.200",
            ["BareMetal__Reminders__RefreshReminderListPeriod"] = "00:00:05",
            ["BareMetal__Transport__ClusterSecret"] = ClusterSecret,
            ["Logging__LogLevel__Default"] = "Warning",

            // Joins, suspicions and deaths are the evidence when a test fails.
            ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            [SiloIdentity.NameVariable] = name,
        };
        foreach (var (key, value) in _extraSettings)
        {
            environment[key] = value;
        }

        // Diagnostics without code changes: BAREMETAL_TEST_SILO_LOG_LEVELS="BareMetal.Storage=Debug;Orleans.Runtime=Debug".
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
