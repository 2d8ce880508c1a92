using System.Globalization;
using System.Net;
using BareMetal.Cluster.Tests.Infrastructure;
using BareMetal.TestInfrastructure;
using Orleans.Runtime;

namespace BareMetal.Chaos;

/// <summary>
/// Three silo processes (role silo) on a private database and one gateway process (role gateway) in front of them,
/// all on loopback, driving the shared simulated hardware; faults are injected here and recorded.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    private const int SiloCount = 3;
    private static readonly TimeSpan s_deathWait = TimeSpan.FromSeconds(30);
    private readonly ProcessCluster _silos;
    private readonly HostProcess _gateway;
    private readonly List<Fault> _faults = [];

    private ChaosCluster(ProcessCluster silos, HostProcess gateway, string hardwareDirectory)
    {
        _silos = silos;
        _gateway = gateway;
        HardwareDirectory = hardwareDirectory;
    }

    /// <summary>The run's clock (silo logs are stamped with it too).</summary>
    public System.Diagnostics.Stopwatch Clock => _silos.Clock;

    /// <summary>The gateway's API address.</summary>
    public Uri Gateway => _gateway.BaseAddress;

    /// <summary>The gateway's process id.</summary>
    public int GatewayProcessId => _gateway.ProcessId;

    /// <summary>The simulated hardware's state folder.</summary>
    public string HardwareDirectory { get; }

    /// <summary>Every fault injected so far.</summary>
    public IReadOnlyList<Fault> Faults
    {
        get
        {
            lock (_faults)
            {
                return [.. _faults];
            }
        }
    }

    /// <summary>Every silo process started, dead or alive.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos.Silos;

    /// <summary>Starts the silos one after another, then the gateway, and waits until the gateway answers ready.</summary>
    public static async Task<ChaosCluster> StartAsync(PostgresServer postgres, string hardwareDirectory)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var settings = new Dictionary<string, string>(ChaosHardware.Settings(hardwareDirectory), StringComparer.Ordinal)
        {
            ["BareMetal__Role"] = "silo",

            // Ironic's check_provision_state_interval: how soon a node notices a step left by a lost silo. The
            // product's 60 s would alone exceed the terminal bound the audit checks.
            ["BareMetal__Nodes__TimeoutCheckInterval"] = "00:00:10",

            // A webhook delivery whose first attempt was lost with a silo is resumed by its reminder: within the
            // audit's wait, not the product's minute.
            ["BareMetal__Webhooks__ReminderPeriod"] = "00:00:10",
        };
        var silos = await StartSilosAsync(postgres, settings);
        HostProcess? gateway = null;
        try
        {
            var gatewaySettings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["BareMetal:Role"] = "gateway",
                ["BareMetal:Transport:ClusterSecret"] = silos.ClusterSecret,
                ["BareMetal:Api:RateLimit:Enabled"] = "false",
                ["Logging:Console:FormatterName"] = "simple",
                ["Logging:Console:FormatterOptions:SingleLine"] = "true",
                ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
            };
            // No gateway list: the gateway reads the silos' gateways from the membership table, as an operator's
            // gateway host with the cluster's database does, so a silo declared dead leaves its list.
            gatewaySettings["BareMetal:Database:Provider"] = "Postgres";
            gatewaySettings["BareMetal:Database:ConnectionString"] = silos.ConnectionString;

            gateway = await HostProcess.StartReadyAsync(gatewaySettings);
            var cluster = new ChaosCluster(silos, gateway, hardwareDirectory);
            await cluster.WaitGatewayReadyAsync();
            return cluster;
        }
        catch
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            await silos.DisposeAsync();
            throw;
        }
    }

    // On two loaded cores a joining silo can miss its probes and be declared dead before it is Active; that is
    // the machine, not the product under test, so the start is tried again on a fresh database.
    private static async Task<ProcessCluster> StartSilosAsync(PostgresServer postgres, IReadOnlyDictionary<string, string> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ProcessCluster.StartAsync(postgres, SiloCount, log: null, settings);
            }
            catch (Exception exception) when (attempt < 3 && exception is InvalidOperationException or TimeoutException)
            {
                Console.Error.WriteLine($"starting the silos failed (attempt {attempt}); trying again: {exception.Message.Split('\n')[0]}");
            }
        }
    }

    /// <summary>The silos running now, in start order.</summary>
    public IReadOnlyList<SiloProcess> LiveSilos() => [.. _silos.Silos.Where(s => s.IsReady && !s.HasExited)];

    /// <summary>SIGKILLs <paramref name="victim"/> and starts a silo on its ports at once; returns when the new one is Active.</summary>
    public async Task<Fault> KillAndRestartAsync(SiloProcess victim)
    {
        ArgumentNullException.ThrowIfNull(victim);
        var fault = Record(FaultKind.Kill, victim);
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await RestartOnSamePortsAsync(victim);
        fault.EndedAt = Clock.Elapsed;
        fault.EndedWallClock = DateTimeOffset.UtcNow;
        return fault;
    }

    /// <summary>
    /// SIGSTOPs <paramref name="victim"/> for <paramref name="length"/>, then SIGCONTs it; a silo the cluster declared
    /// dead meanwhile stops itself on waking, and is then started again on its ports.
    /// </summary>
    public async Task<Fault> StopAndContinueAsync(SiloProcess victim, TimeSpan length, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(victim);
        var fault = Record(FaultKind.Stop, victim);
        victim.Suspend();
        try
        {
            // The freeze's length is the scenario itself, not a wait for a condition.
            await Task.Delay(length, cancellation);
        }
        finally
        {
            victim.Resume();
            fault.EndedAt = Clock.Elapsed;
            fault.EndedWallClock = DateTimeOffset.UtcNow;
        }

        fault.DeclaredDead = await _silos.StatusOfAsync(victim) == SiloStatus.Dead;
        if (fault.DeclaredDead)
        {
            if (!await victim.WaitForExitAsync(s_deathWait))
            {
                Console.Error.WriteLine($"{victim.Name} (pid {victim.ProcessId}) was declared dead while frozen but still runs {s_deathWait.TotalSeconds:0} s after SIGCONT; killing it.");
                victim.Kill();
                await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
            }

            await RestartOnSamePortsAsync(victim);
        }

        return fault;
    }

    /// <summary>Writes every silo's and the gateway's output to <paramref name="directory"/>.</summary>
    public async Task WriteLogsAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var silo in _silos.Silos)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, $"{silo.Name}-pid{silo.ProcessId}.log"), silo.Describe(lastLines: 4000));
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "gateway.log"), _gateway.Output);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _silos.DisposeAsync();
    }

    private Fault Record(FaultKind kind, SiloProcess victim)
    {
        var fault = new Fault(kind, victim.Name, victim.ProcessId, Clock.Elapsed, DateTimeOffset.UtcNow);
        lock (_faults)
        {
            _faults.Add(fault);
        }

        return fault;
    }

    // A restarted silo takes the same ports, as a silo restarted by its supervisor on the same machine does.
    private async Task RestartOnSamePortsAsync(SiloProcess dead)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BareMetal__Endpoints__SiloPort"] = dead.Address.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
            ["BareMetal__Endpoints__GatewayPort"] = dead.GatewayPort.ToString(CultureInfo.InvariantCulture),
        };
        for (var attempt = 1; ; attempt++)
        {
            var silo = _silos.StartSilo(overrides);
            try
            {
                await silo.WaitUntilReadyAsync(ProcessCluster.StartTimeout);
                return;
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
                // The old process's ports can linger for a moment after it died; the next attempt binds them.
                Console.Error.WriteLine($"restarting {dead.Name} on its ports failed (attempt {attempt}); trying again\n{silo.Describe(lastLines: 15)}");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private async Task WaitGatewayReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(
            async () =>
            {
                try
                {
                    using var ready = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
                    return ready.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            "the gateway answering ready",
            TimeSpan.FromSeconds(60),
            () => _silos.Describe() + "\n----- gateway -----\n" + _gateway.Output);
    }
}
