using BareMetal.Hosting;
using BareMetal.Runtime.Client;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Runtime.Membership;
using BareMetal.Runtime.Persistence;
using BareMetal.Runtime.Reminders;
using BareMetal.Runtime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Testing;

/// <summary>
/// A cluster of real silos in one process for grain tests: every silo has its own host, listeners and
/// TCP connections (on loopback ports picked at start), and all share one in-memory membership table,
/// grain directory, grain storage and reminder table, so a stopped, killed or restarted silo behaves as
/// it would in production. Membership timings are shortened so failures are detected in about two
/// seconds.
/// </summary>
/// <example>
/// <code>
/// await using var cluster = await InProcessTestCluster.StartAsync(new InProcessTestClusterOptions { InitialSilos = 3 });
/// var grain = cluster.GrainFactory.GetGrain&lt;INodeGrain&gt;("node-1");
/// await cluster.KillSiloAsync(cluster.Silos[1]);
/// await cluster.WaitForMembershipToSettleAsync();
/// </code>
/// </example>
public sealed class InProcessTestCluster : IAsyncDisposable
{
    private static readonly Dictionary<string, string?> FastDefaults = new()
    {
        ["BareMetal:Endpoints:SiloPort"] = "0",
        ["BareMetal:Endpoints:GatewayPort"] = "0",
        ["BareMetal:Membership:ProbePeriod"] = "00:00:00.300",
        ["BareMetal:Membership:ProbeTimeout"] = "00:00:00.300",
        ["BareMetal:Membership:MissedProbesLimit"] = "2",
        ["BareMetal:Membership:TableRefreshPeriod"] = "00:00:00.200",
        ["BareMetal:Membership:IAmAlivePeriod"] = "00:00:00.500",
        ["BareMetal:Membership:DeathByHeartbeatAge"] = "00:00:05",
        ["BareMetal:Reminders:MinimumReminderPeriod"] = "00:00:00.100",
    };

    private readonly InProcessTestClusterOptions _options;
    private readonly List<TestSiloHandle> _silos = [];
    private readonly InMemoryMembershipTable _membership = new();
    private readonly InMemoryGrainDirectory _directory = new();
    private readonly MemoryGrainStorage _storage = new();
    private readonly InMemoryReminderTable _reminders = new();
    private int _nextSilo;

    private InProcessTestCluster(InProcessTestClusterOptions options) => _options = options;

    /// <summary>All silos ever started, including stopped and killed ones.</summary>
    public IReadOnlyList<TestSiloHandle> Silos => _silos;

    /// <summary>The running silos.</summary>
    public IReadOnlyList<TestSiloHandle> RunningSilos => _silos.Where(s => s.IsRunning).ToList();

    /// <summary>A grain factory on the first running silo.</summary>
    public IGrainFactory GrainFactory => RunningSilos.FirstOrDefault()?.GrainFactory
        ?? throw new InvalidOperationException("No silo of the test cluster is running.");

    /// <summary>The shared membership table (clients can discover gateways from it).</summary>
    public Cluster.IMembershipTable MembershipTable => _membership;

    /// <summary>The shared grain directory (to check single-activation invariants).</summary>
    public IGrainDirectory Directory => _directory;

    /// <summary>The shared grain storage.</summary>
    public IGrainStorage Storage => _storage;

    /// <summary>Starts the initial silos and waits until they all see each other.</summary>
    public static async Task<InProcessTestCluster> StartAsync(InProcessTestClusterOptions? options = null)
    {
        var cluster = new InProcessTestCluster(options ?? new InProcessTestClusterOptions());
        try
        {
            for (var i = 0; i < cluster._options.InitialSilos; i++)
            {
                await cluster.StartSiloAsync();
            }

            await cluster.WaitForMembershipToSettleAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo.</summary>
    public async Task<TestSiloHandle> StartSiloAsync()
    {
        var name = $"silo-{_nextSilo++}";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(FastDefaults);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BareMetal:Silo:SiloName"] = name,
            ["BareMetal:Transport:ClusterSecret"] = _options.ClusterSecret,
        });
        builder.Configuration.AddInMemoryCollection(_options.Settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddBareMetalSilo(silo =>
        {
            silo.UseInMemoryMembership(_membership).UseInMemoryGrainDirectory(_directory);
            silo.Services.AddKeyedSingleton<IGrainStorage>(PersistentStateAttribute.DefaultStorageName, _storage);
            silo.Services.RemoveAll<IReminderTable>();
            silo.Services.AddSingleton<IReminderTable>(_reminders);
            _options.ConfigureSilo?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        var handle = new TestSiloHandle(name, host);
        _silos.Add(handle);
        return handle;
    }

    /// <summary>Stops a silo gracefully: it leaves the membership, deactivates its grains and closes its connections.</summary>
    public async Task StopSiloAsync(TestSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (silo.IsRunning)
        {
            silo.IsRunning = false;
            await silo.Host.StopAsync();
            await DisposeHostAsync(silo.Host);
        }
    }

    /// <summary>
    /// Kills a silo: its sockets close and its timers stop, but it neither leaves the membership nor
    /// deactivates anything, as after SIGKILL. The others must detect it by failed probes.
    /// </summary>
    public async Task KillSiloAsync(TestSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (silo.IsRunning)
        {
            silo.IsRunning = false;

            // A killed process stops judging its peers at once. Disposing the host tears it down piece by
            // piece over up to seconds, and a membership agent still running meanwhile saw its own
            // connections fail (or its peers' heartbeats age while the process was busy tearing down) and
            // voted a healthy peer dead: with two silos one vote is enough, and the survivor then stopped.
            silo.Services.GetService<MembershipAgent>()?.Dispose();
            await DisposeHostAsync(silo.Host);
        }
    }

    /// <summary>Stops a silo gracefully and starts a new one (a new generation) in its place.</summary>
    public async Task<TestSiloHandle> RestartSiloAsync(TestSiloHandle silo)
    {
        await StopSiloAsync(silo);
        return await StartSiloAsync();
    }

    /// <summary>Waits until every running silo sees exactly the running silos as active.</summary>
    public async Task WaitForMembershipToSettleAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using var cancellation = new CancellationTokenSource(limit);
        var expected = RunningSilos.Select(s => s.SiloAddress).Order().ToList();
        try
        {
            await Task.WhenAll(RunningSilos.Select(s => s.Services.GetRequiredService<IClusterMembershipService>()
                .WaitForViewAsync(view => view.ActiveSilos.SequenceEqual(expected), cancellation.Token)));
        }
        catch (OperationCanceledException)
        {
            var views = string.Join("; ", RunningSilos.Select(s => $"{s.Name} sees [{string.Join(", ", s.MembershipView.ActiveSilos)}]"));
            throw new TimeoutException($"Membership did not settle within {limit.TotalSeconds:0.#} s on [{string.Join(", ", expected)}]: {views}");
        }
    }

    /// <summary>Connects an external client to every running silo's gateway.</summary>
    public Task<ClusterClient> ConnectClientAsync()
    {
        var options = new ClusterClientOptions { ClusterSecret = _options.ClusterSecret };
        foreach (var silo in RunningSilos)
        {
            options.Gateways.Add($"127.0.0.1:{silo.GatewayPort}");
        }

        return ClusterClient.ConnectAsync(options);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var silo in RunningSilos)
        {
            try
            {
                await StopSiloAsync(silo);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                // Disposal is best effort.
            }
        }
    }

    private static async Task DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
