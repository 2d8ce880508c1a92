using BareMetal.Cluster.TestGrains;
using BareMetal.Cluster.Tests.Infrastructure;
using BareMetal.TestInfrastructure;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace BareMetal.Cluster.Tests;

/// <summary>
/// The cluster secret (BareMetal:Transport:ClusterSecret, mutual TLS whose certificates prove the secret) is the only
/// thing that keeps a process that reaches the ports out of the cluster: the database is shared, so an intruder can
/// always write its membership row. A silo without the secret must not become a member, and a client without it must
/// not reach a grain.
/// </summary>
[Collection(ClusterCollection.Name)]
[NeedsPostgres]
public sealed class ClusterSecretTests(PostgresServer postgres, ITestOutputHelper output)
{
    // A silo with the right secret joins within a few seconds here; one that has not joined this long after such a
    // silo started beside it (and joined) is kept out, not slow.
    private static readonly TimeSpan JoinGrace = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("another cluster's secret")]
    [InlineData("")]
    public async Task SiloWithoutTheSecret_StartedBesideOneWithIt_NeverBecomesActiveNorHostsGrains(string secret)
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 2, output.WriteLine);

        // Both started at once: the one with the secret shows how long a join takes; the other must not join.
        var intruder = cluster.StartSilo(new Dictionary<string, string>(StringComparer.Ordinal) { ["BareMetal__Transport__ClusterSecret"] = secret });
        var member = cluster.StartSilo();
        await member.WaitUntilReadyAsync(ProcessCluster.StartTimeout);
        await Wait.UntilAsync(async () => await cluster.StatusOfAsync(member) == SiloStatus.Active, $"{member.Name} Active", ProcessCluster.StartTimeout, cluster.Describe);
        var memberActiveAt = cluster.Clock.Elapsed;

        // Until the grace has passed, the intruder must neither be Active in the table nor print its ready line;
        // an intruder that joined would do either within it, so the wait fails fast when the secret is not enforced.
        var statuses = new List<SiloStatus>();
        await Wait.UntilAsync(
            async () =>
            {
                var rows = await cluster.ReadMembershipAsync();
                var mine = rows.Where(r => r.Name == intruder.Name).Select(r => r.Status).ToList();
                statuses.AddRange(mine);
                Assert.False(mine.Contains(SiloStatus.Active), $"{intruder.Name} (secret '{secret}') became Active\n{intruder.Describe()}");
                Assert.False(intruder.IsReady, $"{intruder.Name} (secret '{secret}') printed its ready line\n{intruder.Describe()}");
                return cluster.Clock.Elapsed - memberActiveAt >= JoinGrace;
            },
            $"{JoinGrace.TotalSeconds:0} s of {intruder.Name} kept out",
            JoinGrace + TimeSpan.FromSeconds(10),
            cluster.Describe);
        output.WriteLine($"{intruder.Name} with secret '{secret}': rows seen {string.Join(", ", statuses.Distinct())}; {(intruder.HasExited ? $"exited with {intruder.ExitCode}" : "still trying")}");

        // The members place grains among themselves only.
        await using var client = await cluster.ConnectClientAsync([.. cluster.Silos.Where(s => s != intruder)]);
        var hosts = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => client.GrainFactory.GetGrain<ILocatorGrain>(7_000_000 + i).Where()));
        Assert.DoesNotContain(intruder.Name, hosts.Select(h => h.Silo));
        Assert.Contains(member.Name, hosts.Select(h => h.Silo));
    }

    [Theory]
    [InlineData("another cluster's secret")]
    [InlineData("")]
    public async Task ClientWithoutTheSecret_CannotCallAGrain_AndNothingReachesIt(string secret)
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 1, output.WriteLine);
        var gateway = cluster.Silos[0];

        var refused = await Record.ExceptionAsync(async () =>
        {
            await using var intruder = await cluster.ConnectClientAsync(secret, gateway);
            await intruder.GrainFactory.GetGrain<ICounterGrain>("guarded").Increment();
        });
        output.WriteLine($"client with secret '{secret}': {refused?.GetType().Name}: {refused?.Message}");
        Assert.NotNull(refused);

        // The increment never ran: the first one made with the secret is the first one the grain sees.
        await using var client = await cluster.ConnectClientAsync(gateway);
        Assert.Equal(1, (await client.GrainFactory.GetGrain<ICounterGrain>("guarded").Increment()).Count);
    }
}
