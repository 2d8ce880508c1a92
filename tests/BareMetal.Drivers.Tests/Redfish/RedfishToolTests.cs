using System.Diagnostics;
using BareMetal.TestInfrastructure.Redfish;

namespace BareMetal.Drivers.Tests.Redfish;

/// <summary>DMTF's own client, redfishtool (Debian package), reads and resets a system through the fixture: the fixture speaks Redfish, not only our dialect of it.</summary>
public sealed class RedfishToolTests
{
    [Fact]
    public async Task Redfishtool_reads_the_power_state_and_resets_the_system()
    {
        await using var bmc = new RedfishService();
        await bmc.StartAsync();

        var before = await RunAsync(bmc, "Systems", "-I", "1", "-P", "PowerState");
        Assert.Contains("\"PowerState\": \"Off\"", before, StringComparison.Ordinal);

        await RunAsync(bmc, "Systems", "-I", "1", "reset", "On");
        Assert.Equal("On", bmc.System.PowerState);
        Assert.Equal(["On"], bmc.System.Resets);

        var after = await RunAsync(bmc, "Systems", "-I", "1", "-P", "PowerState");
        Assert.Contains("\"PowerState\": \"On\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redfishtool_logs_in_with_a_session_and_sets_the_boot_override()
    {
        await using var bmc = new RedfishService();
        await bmc.StartAsync();

        await RunAsync(bmc, "-A", "Session", "Systems", "-I", "1", "setBootOverride", "Once", "Pxe");

        Assert.Equal(1, bmc.Logins);
        Assert.Equal("Pxe", bmc.System.BootTarget);
        Assert.Equal("Once", bmc.System.BootEnabled);
    }

    [Fact]
    public async Task Redfishtool_is_refused_with_a_wrong_password()
    {
        await using var bmc = new RedfishService();
        await bmc.StartAsync();

        var (exitCode, _, _) = await TryRunAsync(bmc, "wrong-password", "Systems", "-I", "1", "reset", "On");

        Assert.NotEqual(0, exitCode);
        Assert.Equal("Off", bmc.System.PowerState);
        Assert.Contains(bmc.Requests, r => r.Status == 401);
    }

    private static async Task<string> RunAsync(RedfishService bmc, params string[] arguments)
    {
        var (exitCode, output, error) = await TryRunAsync(bmc, bmc.Password, arguments);
        Assert.True(exitCode == 0, $"redfishtool {string.Join(' ', arguments)} exited with {exitCode}: {error}{output}");
        return output;
    }

    private static async Task<(int ExitCode, string Output, string Error)> TryRunAsync(RedfishService bmc, string password, params string[] arguments)
    {
        var start = new ProcessStartInfo("redfishtool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Plain HTTP on loopback ("-S Never"); no proxy from the machine's environment.
        foreach (var argument in new[] { "-r", bmc.HostAndPort, "-S", "Never", "-n", "-T", "10", "-u", bmc.Username, "-p", password }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redfishtool did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
