using System.Reflection;
using BareMetal.Api.Hosting;
using BareMetal.Drivers.Simulated;
using BareMetal.Host;
using BareMetal.Provisioning.Nodes;
using BareMetal.Host.Silo;

namespace BareMetal.Deployment.Tests;

/// <summary>
/// No container engine runs where these tests run, so the container files are checked by reading them: the
/// Dockerfile's stages, user, ports and health check, and every setting the Dockerfile and the compose cluster
/// pass to the host must be one the host actually reads (a renamed option would otherwise break deployments
/// silently).
/// </summary>
public sealed class ContainerFilesTests
{
    private static readonly SettingsCatalog s_settings = new(
        [
            typeof(HostSettings).Assembly,
            typeof(ApiOptions).Assembly,
            typeof(NodeProvisioningOptions).Assembly,
            typeof(SimulatedDriverOptions).Assembly,
            Assembly.Load("BareMetal.Storage"),
        ],
        new Dictionary<string, string>());

    private static readonly string[] s_dockerfile = RepositoryFiles.Read("docker/Dockerfile").Split('\n').Select(l => l.Trim()).ToArray();

    private static readonly Dictionary<string, object?> s_compose = SimpleYaml.Parse(RepositoryFiles.Read("docker/compose.yaml"));

    [Fact]
    public void The_settings_catalog_finds_the_hosts_options()
    {
        Assert.True(s_settings.SectionCount >= 10, $"only {s_settings.SectionCount} option sections found");
        Assert.True(s_settings.Knows("BareMetal:Database:Provider"));
        Assert.True(s_settings.Knows("BareMetal:Api:Keys:0:Role"));
        Assert.False(s_settings.Knows("BareMetal:Database:Provder"));
        Assert.False(s_settings.Knows("BareMetal:Api:Keys:first:Role"));
    }

    [Fact]
    public void Dockerfile_builds_in_one_stage_and_runs_in_another_as_a_non_root_user()
    {
        var stages = s_dockerfile.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.True(stages.Count >= 2, "the Dockerfile is not multi-stage");
        Assert.Contains("sdk", stages[0], StringComparison.Ordinal);
        Assert.Contains("aspnet", stages[^1], StringComparison.Ordinal);
        var finalStage = s_dockerfile.SkipWhile(l => l != stages[^1]).ToList();
        var user = finalStage.LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.NotNull(user);
        Assert.DoesNotContain("root", user, StringComparison.Ordinal);
        Assert.Contains(finalStage, l => l.StartsWith("COPY --from=", StringComparison.Ordinal));
        Assert.Contains(finalStage, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal) && l.Contains("BareMetal.Host.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_health_check_asks_the_hosts_liveness_endpoint_on_the_exposed_port()
    {
        var healthCheck = string.Join(' ', s_dockerfile.SkipWhile(l => !l.StartsWith("HEALTHCHECK", StringComparison.Ordinal)).Take(2));
        Assert.Contains("/health/live", healthCheck, StringComparison.Ordinal);
        var exposed = s_dockerfile.Single(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).Split(' ').Skip(1).ToList();
        Assert.Contains("5080", exposed);
        Assert.Contains(SiloEndpointOptions.DefaultSiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), exposed);
        Assert.Contains(SiloEndpointOptions.DefaultGatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), exposed);
        Assert.Contains(":5080/health/live", healthCheck, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_the_dockerfile_sets_is_one_the_host_reads()
    {
        var keys = s_dockerfile
            .SkipWhile(l => !l.StartsWith("ENV ", StringComparison.Ordinal))
            .TakeWhile(l => l.StartsWith("ENV ", StringComparison.Ordinal) || l.StartsWith("BareMetal__", StringComparison.Ordinal) || l.StartsWith("ASPNETCORE_", StringComparison.Ordinal))
            .Select(l => l.Replace("ENV ", string.Empty, StringComparison.Ordinal).TrimEnd('\\').Trim())
            .Select(l => l.Split('=')[0])
            .Where(k => k.StartsWith("BareMetal__", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(keys);
        AssertAllKnown(keys, "docker/Dockerfile");
    }

    [Fact]
    public void Compose_runs_postgres_three_silos_a_gateway_and_a_collector()
    {
        var services = Map(s_compose["services"]);
        Assert.Contains("postgres", services.Keys);
        Assert.Contains("otel-collector", services.Keys);
        var roles = services.Values.Select(Map).Select(s => s.TryGetValue("environment", out var e) && Map(e).TryGetValue("BareMetal__Role", out var r) ? r as string : null).ToList();
        Assert.Equal(3, roles.Count(r => r == "silo"));
        Assert.Equal(1, roles.Count(r => r == "gateway"));
        foreach (var (name, service) in services.Select(p => (p.Key, Map(p.Value))))
        {
            if (service.TryGetValue("depends_on", out var dependsOn))
            {
                Assert.All(Map(dependsOn).Keys, d => Assert.True(services.ContainsKey(d), $"{name} depends on unknown service {d}"));
            }
        }
    }

    [Fact]
    public void Every_setting_the_compose_cluster_passes_is_one_the_host_reads()
    {
        var keys = ComposeEnvironment().Select(p => p.Key).Where(k => k.StartsWith("BareMetal__", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(keys.Count >= 10, $"only {keys.Count} settings found in the compose files");
        AssertAllKnown(keys, "docker/compose.yaml and docker/cluster.env");
    }

    [Fact]
    public void Compose_settings_are_consistent_with_each_other()
    {
        var environment = ComposeEnvironment().ToLookup(p => p.Key, p => p.Value);
        Assert.Equal("Postgres", environment["BareMetal__Database__Provider"].Distinct().Single());
        Assert.True(environment["BareMetal__Transport__ClusterSecret"].Distinct().Single().Length >= 16, "the cluster secret is shorter than the transport accepts");
        // The gateway finds the silos in the membership table of the cluster's database (no fixed list, which would
        // keep a frozen silo), so it must load the same database settings as the silos.
        var services = Map(s_compose["services"]);
        var gatewayService = Assert.Single(services, s => Environment(s.Value).GetValueOrDefault("BareMetal__Role") == "gateway");
        Assert.DoesNotContain(environment, g => g.Key.StartsWith("BareMetal__Client__Gateways__", StringComparison.Ordinal));
        Assert.Equal("cluster.env", (string?)Map(gatewayService.Value)["env_file"]);
        // The collector receives OTLP where the silos send it.
        var collector = SimpleYaml.Parse(RepositoryFiles.Read("docker/otel-collector.yaml"));
        var grpc = Map(Map(Map(Map(collector["receivers"])["otlp"])["protocols"])["grpc"]);
        var port = ((string)grpc["endpoint"]!).Split(':')[^1];
        Assert.EndsWith(":" + port, environment["BareMetal__Telemetry__OtlpEndpoint"].Distinct().Single(), StringComparison.Ordinal);
    }

    private static void AssertAllKnown(IEnumerable<string> environmentKeys, string where)
    {
        var unknown = environmentKeys.Select(k => k.Replace("__", ":", StringComparison.Ordinal)).Where(k => !s_settings.Knows(k)).ToList();
        Assert.True(unknown.Count == 0, $"{where} sets settings the host does not read: {string.Join(", ", unknown)}");
    }

    // Every (key, value) the compose file gives any service, from its environment maps and the env_file they load.
    private static IEnumerable<KeyValuePair<string, string>> ComposeEnvironment()
    {
        foreach (var service in Map(s_compose["services"]).Values)
        {
            foreach (var pair in Environment(service))
            {
                yield return pair;
            }
        }
    }

    private static Dictionary<string, string> Environment(object? service)
    {
        var map = Map(service);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map.TryGetValue("env_file", out var file) && file is string path)
        {
            foreach (var line in RepositoryFiles.Read(Path.Combine("docker", path)).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                result[line[..equals]] = line[(equals + 1)..];
            }
        }

        if (map.TryGetValue("environment", out var environment))
        {
            foreach (var (key, value) in Map(environment))
            {
                result[key] = value as string ?? string.Empty;
            }
        }

        return result;
    }

    private static Dictionary<string, object?> Map(object? value) =>
        value as Dictionary<string, object?> ?? throw new Xunit.Sdk.XunitException($"expected a map, found {value ?? "nothing"}");
}
