using BareMetal.TestInfrastructure;
using Xunit.Abstractions;

namespace BareMetal.Chaos.Tests;

/// <summary>
/// The chaos harness, small: 30 nodes, 8 clients for 60 s, one silo SIGKILLed and restarted, another frozen for
/// 20 s. The audit's checks of truth (every accepted operation ends, nothing disagrees, nothing ran twice, no 500, no
/// 503 without Retry-After) are the full run's; its timing bounds are loose, because CI machines are loaded (the
/// strict goals are measured by the full run, see docs/benchmarks.md).
/// </summary>
[NeedsPostgres]
[Collection(ChaosCollection.Name)]
public sealed class ChaosHarnessTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Kill_and_freeze_under_load_leave_every_accepted_operation_ended_and_truthful()
    {
        var logs = Directory.CreateTempSubdirectory("baremetal-chaos-test-logs-").FullName;
        var options = new ChaosOptions
        {
            Nodes = 30,
            Clients = 8,
            Duration = TimeSpan.FromSeconds(60),
            Kills = 1,
            Stops = 1,
            KillRecoveryBound = TimeSpan.FromSeconds(30),
            StopRecoveryBound = TimeSpan.FromSeconds(30),
            InProgressBound = TimeSpan.FromSeconds(30),
            Seed = 16,
            LogDirectory = logs,
        };
        using var text = new StringWriter();
        var summary = await ChaosRun.RunAsync(postgres, options, text);
        output.WriteLine(text.ToString());
        Assert.True(summary.Failures.Count == 0, $"{summary}\nsilo and gateway logs: {logs}");

        // Kept when the test fails, for whoever investigates.
        Directory.Delete(logs, recursive: true);
    }
}
