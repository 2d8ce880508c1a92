using BareMetal.Dashboard.Tests.Infrastructure;
using BareMetal.TestInfrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BareMetal.Dashboard.Tests;

/// <summary>Two host processes on a private PostgreSQL form a cluster; the dashboard of one shows the other die.</summary>
[NeedsPostgres]
public sealed class ClusterDashboardTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task A_killed_silo_shows_as_dead_on_the_dashboard_of_the_other()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var first = await HostProcess.StartReadyAsync(Settings(database, "silo-a"));
        await using var second = await HostProcess.StartReadyAsync(Settings(database, "silo-b"));
        Assert.NotNull(first.SiloAddress);
        Assert.NotNull(second.SiloAddress);

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenDashboardAsync(first.BaseAddress, apiKey: null);
        var firstRow = page.Locator($"#silos tr[data-silo='{first.SiloAddress}']");
        var secondRow = page.Locator($"#silos tr[data-silo='{second.SiloAddress}']");
        await Assertions.Expect(firstRow).ToHaveAttributeAsync("data-status", "active", new() { Timeout = 60_000 });
        await Assertions.Expect(secondRow).ToHaveAttributeAsync("data-status", "active", new() { Timeout = 60_000 });
        await Assertions.Expect(secondRow).ToContainTextAsync("silo-b");

        await second.KillAsync();

        await Assertions.Expect(secondRow).ToHaveAttributeAsync("data-status", "dead", new() { Timeout = 60_000 });
        await Assertions.Expect(firstRow).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(page.Locator($"#events li[data-silo='{second.SiloAddress}'][data-status='dead']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        var path = await Chromium.ScreenshotAsync(page, "dashboard-cluster-silo-dead");
        output.WriteLine($"Screenshot: {path}");
    }

    private static Dictionary<string, string> Settings(string connectionString, string name) => new()
    {
        ["BareMetal:Database:Provider"] = "Postgres",
        ["BareMetal:Database:ConnectionString"] = connectionString,
        ["BareMetal:Clustering:Enabled"] = "true",
        ["BareMetal:Endpoints:SiloPort"] = "0",
        ["BareMetal:Endpoints:GatewayPort"] = "0",
        ["BareMetal:Silo:SiloName"] = name,
        ["BareMetal:Silo:ClusterId"] = "dashboard-test",
        ["BareMetal:Transport:ClusterSecret"] = "dashboard-test-secret-0123456789",
    };
}
