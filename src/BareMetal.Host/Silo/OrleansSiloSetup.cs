using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using BareMetal.Client.Cluster;
using BareMetal.Storage.Orleans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Hosting;

namespace BareMetal.Host.Silo;

/// <summary>
/// Turns BareMetal's configuration (<c>BareMetal:Silo</c>, <c>:Endpoints</c>, <c>:Membership</c>, <c>:Messaging</c>,
/// <c>:Transport</c>, <c>:Database</c>, <c>:Clustering</c>) into an Orleans silo: identity, endpoints, membership
/// tuned for failover in seconds, the cluster secret as mutual TLS, and clustering, reminders and grain state on the
/// configured database.
/// </summary>
internal static class OrleansSiloSetup
{
    /// <summary>The configuration key of the cluster secret.</summary>
    public const string ClusterSecretSetting = ClusterTransportOptions.SectionName + ":" + nameof(ClusterTransportOptions.ClusterSecret);

    /// <summary>The configuration section bound to Orleans' reminder options.</summary>
    public const string RemindersSection = "BareMetal:Reminders";

    /// <summary>The storage name every BareMetal grain state lives in.</summary>
    public const string StorageName = "Default";

    /// <summary>How many grain locations a silo's directory cache holds (Orleans' <c>GrainDirectoryOptions.CacheSize</c>).</summary>
    public const string DirectoryCacheSizeSetting = "BareMetal:Directory:CacheSize";

    /// <summary>
    /// Which grain directory the silos keep: <c>eventual</c> (Orleans' default, partitioned in memory; a silo's death can
    /// leave two activations of a grain for a moment) or <c>strong</c> (Orleans' strongly consistent directory, which
    /// hands a dead silo's range over under versioned locks, so no grain is activated twice).
    /// </summary>
    public const string DirectoryConsistencySetting = "BareMetal:Directory:Consistency";

    /// <summary>
    /// On the strongly consistent directory, how long after a silo's ungraceful death its grains stay unplaceable
    /// (Orleans' <c>GrainDirectoryOptions.RangeLeaseDuration</c>, counted from the estimated moment of failure).
    /// </summary>
    public const string DirectoryRangeLeaseSetting = "BareMetal:Directory:RangeLeaseDuration";

    // Orleans' default directory cache holds a million grain locations. A busy control plane addresses a new operation
    // grain per action, so the cache fills with operations that ended long ago, and every read of its size (the Orleans
    // dashboard samples it each second) walks all of it: about 3% of a busy silo's CPU, 1% at this size. Nodes and
    // index shards, the grains worth caching, number far fewer in most fleets; a larger fleet raises the setting.
    private const int DefaultDirectoryCacheSize = 100_000;

    // The lease keeps a dead silo's grains from being placed again while that silo might still be running them: a
    // silo declared dead by mistake (cut off, or frozen and resumed) stops itself when it next reads the membership
    // table. Orleans counts the lease from the estimated moment of failure (the declaration less its detection window)
    // and defaults to 30 s, fitted to its own membership timings; with BareMetal's (1 s probes, two missed, a 1 s table
    // refresh) a declared-dead silo learns its fate within about 2 s of the declaration, and 5 s covers that with a
    // margin. Calls to a killed silo's grains then succeed again after about 3.3 s instead of 28 s (docs/benchmarks.md).
    // An operator who lengthens the membership timings lengthens this too.
    private static readonly TimeSpan DefaultRangeLease = TimeSpan.FromSeconds(5);

    public static void Configure(ISiloBuilder silo, IConfiguration configuration, HostDatabaseOptions database, HostClusteringOptions clustering, string dataDirectory)
    {
        var identity = configuration.GetSection(SiloIdentityOptions.SectionName).Get<SiloIdentityOptions>() ?? new SiloIdentityOptions();
        var endpoints = configuration.GetSection(SiloEndpointOptions.SectionName).Get<SiloEndpointOptions>() ?? new SiloEndpointOptions();
        var membership = configuration.GetSection(MembershipTuningOptions.SectionName).Get<MembershipTuningOptions>() ?? new MembershipTuningOptions();
        var secret = ClusterTransportOptions.Effective(configuration[ClusterSecretSetting]);
        var responseTimeout = (configuration.GetSection(GrainCallOptions.SectionName).Get<GrainCallOptions>() ?? new GrainCallOptions()).ResponseTimeout;

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = identity.ClusterId;
            o.ServiceId = identity.ServiceId;
        });
        silo.Configure<SiloOptions>(o => o.SiloName = identity.SiloName);
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
        var directoryCacheSize = configuration.GetValue(DirectoryCacheSizeSetting, DefaultDirectoryCacheSize);
        if (directoryCacheSize < 1)
        {
            throw new HostConfigurationException($"{DirectoryCacheSizeSetting} must be at least 1 (was {directoryCacheSize}).");
        }

        silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = directoryCacheSize);
        switch (configuration[DirectoryConsistencySetting] ?? "eventual")
        {
            case "eventual":
                break;
            case "strong":
#pragma warning disable ORLEANSEXP003 // Orleans marks its strongly consistent directory experimental in 10.x.
                silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
                var lease = RangeLease(configuration[DirectoryRangeLeaseSetting]);
                silo.Configure<GrainDirectoryOptions>(o => o.RangeLeaseDuration = lease);
                break;
            case var other:
                throw new HostConfigurationException($"{DirectoryConsistencySetting} must be eventual or strong (was '{other}').");
        }

        var siloEndpoint = ConfigureEndpoints(silo, endpoints, clustering.Enabled, secret);
        ConfigureMembership(silo, membership);
        if (secret.Length > 0)
        {
            silo.UseClusterSecret(identity.ClusterId, secret);
        }

        ConfigureDatabase(silo, database, clustering, dataDirectory);

        // BareMetal:Reminders (MinimumReminderPeriod, RefreshReminderListPeriod) keeps its meaning on Orleans: Orleans
        // refuses reminders shorter than its minimum (1 min by default), and options such as
        // BareMetal:Nodes:TimeoutCheckInterval are documented against this key.
        silo.Services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(RemindersSection));
        if (!clustering.Enabled)
        {
            // One silo, no other to find: membership lives in memory (Orleans' development clustering), with this
            // silo as its own primary.
            silo.UseDevelopmentClustering(siloEndpoint);
        }

        foreach (var path in clustering.GrainAssemblies)
        {
            var assembly = LoadGrainAssembly(path);
            silo.Services.AddSerializer(serializer => serializer.AddAssembly(assembly));
        }
    }

    private static IPEndPoint ConfigureEndpoints(ISiloBuilder silo, SiloEndpointOptions endpoints, bool clustered, string secret)
    {
        var listen = ParseAddress(endpoints.ListenAddress, $"{SiloEndpointOptions.SectionName}:ListenAddress");
        var advertised = ResolveAddress(endpoints.AdvertisedHost, $"{SiloEndpointOptions.SectionName}:AdvertisedHost");
        // Both the silo port and the gateway port are bound to the listen address.
        ClusterTransportOptions.EnsureStrongEnough(
            secret, IPAddress.IsLoopback(listen) ? [] : [$"{SiloEndpointOptions.SectionName}:ListenAddress ({listen})"], ClusterSecretSetting);

        // Port 0 asks for any free port, as for any listener. The embedded default has no other silo to be found by, so
        // its silo port is any free one (several can run side by side) and it has no gateway.
        CheckPort(endpoints.SiloPort, "SiloPort");
        CheckPort(endpoints.GatewayPort, "GatewayPort");
        var siloPort = endpoints.SiloPort switch
        {
            null when clustered => SiloEndpointOptions.DefaultSiloPort,
            null or 0 => FreePort(listen),
            { } port => port,
        };
        var gatewayPort = endpoints.GatewayPort switch
        {
            null => clustered ? SiloEndpointOptions.DefaultGatewayPort : 0,
            0 => FreePort(listen),
            { } port => port,
        };
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = advertised;
            o.SiloPort = siloPort;
            o.GatewayPort = gatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(listen, siloPort);
            o.GatewayListeningEndpoint = gatewayPort == 0 ? null : new IPEndPoint(listen, gatewayPort);
        });
        return new IPEndPoint(advertised, siloPort);
    }

    private static TimeSpan RangeLease(string? text)
    {
        if (text is null)
        {
            return DefaultRangeLease;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var lease) && lease >= TimeSpan.Zero
            ? lease
            : throw new HostConfigurationException($"{DirectoryRangeLeaseSetting} must be a duration of zero or more, such as 00:00:05 (was '{text}').");
    }

    private static void ConfigureMembership(ISiloBuilder silo, MembershipTuningOptions tuning)
    {
        var probe = tuning.ProbePeriod ?? tuning.ProbeTimeout;
        if (probe <= TimeSpan.Zero || tuning.IAmAlivePeriod <= TimeSpan.Zero || tuning.TableRefreshPeriod <= TimeSpan.Zero)
        {
            throw new HostConfigurationException($"{MembershipTuningOptions.SectionName}: ProbeTimeout, IAmAlivePeriod and TableRefreshPeriod must be positive.");
        }

        if (tuning.MissedProbesLimit < 1 || tuning.VotesNeededToDeclareDead < 1)
        {
            throw new HostConfigurationException($"{MembershipTuningOptions.SectionName}: MissedProbesLimit and VotesNeededToDeclareDead must be at least 1.");
        }

        var maxProbe = tuning.MaxProbeTimeout ?? probe * 1.5;
        if (maxProbe < probe)
        {
            throw new HostConfigurationException($"{MembershipTuningOptions.SectionName}: MaxProbeTimeout ({maxProbe}) must be at least ProbeTimeout ({probe}).");
        }

        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = probe;
            o.MaxProbeTimeout = maxProbe;
            o.NumMissedProbesLimit = tuning.MissedProbesLimit;
            o.NumVotesForDeathDeclaration = tuning.VotesNeededToDeclareDead;
            o.DeathVoteExpirationTimeout = tuning.VoteExpiration;
            o.IAmAliveTablePublishTimeout = tuning.IAmAlivePeriod;
            o.TableRefreshTimeout = tuning.TableRefreshPeriod;
            o.NumMissedTableIAmAliveLimit = Math.Max(1, (int)Math.Ceiling(tuning.DeathByHeartbeatAge / tuning.IAmAlivePeriod));
            o.DefunctSiloExpiration = tuning.DefunctSiloCleanupAge;
            // A loaded two-core machine looks "degraded" to Orleans' self-check, which would stretch probe timeouts
            // and with them the time to notice a dead silo.
            o.ExtendProbeTimeoutDuringDegradation = false;
        });
    }

    private static void ConfigureDatabase(ISiloBuilder silo, HostDatabaseOptions database, HostClusteringOptions clustering, string dataDirectory)
    {
        switch (database.Provider.ToUpperInvariant())
        {
            case "SQLITE":
                Directory.CreateDirectory(dataDirectory);
                var sqlite = database.ConnectionString ?? $"Data Source={Path.Combine(dataDirectory, "baremetal.db")}";
                silo.AddBareMetalSqliteGrainStorageAsDefault(StorageName, o => o.ConnectionString = sqlite);
                if (clustering.Enabled)
                {
                    silo.UseBareMetalSqlite(o => o.ConnectionString = sqlite);
                }
                else
                {
                    silo.UseBareMetalSqliteReminders(o => o.ConnectionString = sqlite);
                }

                break;
            case "POSTGRES":
                var postgres = database.ConnectionString
                    ?? throw new HostConfigurationException($"{HostDatabaseOptions.SectionName}:ConnectionString must be set when {HostDatabaseOptions.SectionName}:Provider is Postgres.");
                silo.AddBareMetalPostgresGrainStorageAsDefault(StorageName, o => o.ConnectionString = postgres);
                if (clustering.Enabled)
                {
                    silo.UseBareMetalPostgres(o => o.ConnectionString = postgres);
                }
                else
                {
                    silo.UseBareMetalPostgresReminders(o => o.ConnectionString = postgres);
                }

                break;
            default:
                throw new HostConfigurationException($"{HostDatabaseOptions.SectionName}:Provider must be Sqlite or Postgres (was '{database.Provider}').");
        }
    }

    private static IPAddress ParseAddress(string text, string setting) =>
        IPAddress.TryParse(text, out var address)
            ? address
            : throw new HostConfigurationException($"{setting} must be an IP address (was '{text}').");

    private static IPAddress ResolveAddress(string host, string setting)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? throw new HostConfigurationException($"{setting} '{host}' has no IPv4 address.");
        }
        catch (SocketException exception)
        {
            throw new HostConfigurationException($"{setting} '{host}' does not resolve ({exception.Message}).");
        }
    }

    private static void CheckPort(int? port, string name)
    {
        if (port is < 0 or > 65535)
        {
            throw new HostConfigurationException($"{SiloEndpointOptions.SectionName}:{name} must be a port between 0 (any free port) and 65535 (was {port}).");
        }
    }

    // Orleans advertises the port it is given, so "any free port" is chosen here, not by the listener.
    private static int FreePort(IPAddress listen)
    {
        using var probe = new TcpListener(listen, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static Assembly LoadGrainAssembly(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new HostConfigurationException($"{HostClusteringOptions.SectionName}:GrainAssemblies names '{full}', which does not exist.");
        }

        return Assembly.LoadFrom(full);
    }
}
