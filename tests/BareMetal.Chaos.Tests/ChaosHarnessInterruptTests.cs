using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using BareMetal.Cluster.Tests.Infrastructure;
using BareMetal.TestInfrastructure;
using Xunit.Abstractions;

namespace BareMetal.Chaos.Tests;

/// <summary>
/// An interrupt of the harness, as whoever runs it by hand presses Ctrl-C: while a silo is frozen, the harness ends
/// within seconds and leaves nothing behind (no silo, frozen or not, no gateway, no PostgreSQL).
/// </summary>
/// <remarks>
/// The test sends SIGTERM, which the harness handles exactly as SIGINT: a process started in the background, as a CI
/// job's processes are, inherits SIGINT ignored, and the .NET runtime keeps an ignored SIGINT ignored.
/// </remarks>
[NeedsPostgres]
[Collection(ChaosCollection.Name)]
public sealed partial class ChaosHarnessInterruptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_startBound = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_exitBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_interrupt_while_a_silo_is_frozen_stops_every_process_the_harness_started()
    {
        var said = new StringBuilder();
        var frozen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var harnessDll = Path.Combine(HostPaths.RepositoryRoot, "tests", "BareMetal.Chaos", "bin", HostPaths.Configuration, "net10.0", "BareMetal.Chaos.dll");
        var start = new ProcessStartInfo(HostPaths.DotnetExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A freeze far longer than the test waits: only the interrupt can end it.
        foreach (var argument in new[] { harnessDll, "nodes=6", "clients=2", "duration=20", "kills=0", "stops=1", "stop-length=600", "seed=7" })
        {
            start.ArgumentList.Add(argument);
        }

        using var harness = Process.Start(start) ?? throw new InvalidOperationException("The harness did not start.");
        void Said(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (said)
            {
                said.AppendLine(line);
            }

            if (line.Contains("] SIGSTOP ", StringComparison.Ordinal))
            {
                frozen.TrySetResult();
            }
        }

        harness.OutputDataReceived += (_, e) => Said(e.Data);
        harness.ErrorDataReceived += (_, e) => Said(e.Data);
        harness.BeginOutputReadLine();
        harness.BeginErrorReadLine();
        string Output()
        {
            lock (said)
            {
                return said.ToString();
            }
        }

        try
        {
            await frozen.Task.WaitAsync(s_startBound);
            Signals.Send(harness.Id, Signals.SigTerm);
            await harness.WaitForExitAsync().WaitAsync(s_exitBound);
        }
        catch (TimeoutException)
        {
            harness.Kill(entireProcessTree: true);
            Assert.Fail($"The harness did not freeze a silo and end on SIGTERM in time. Its output:\n{Output()}");
        }

        var text = Output();
        output.WriteLine(text);
        Assert.Equal(130, harness.ExitCode);
        Assert.Contains("interrupted", text, StringComparison.Ordinal);

        var processIds = ProcessIdPattern().Matches(text[..text.IndexOf("] SIGSTOP ", StringComparison.Ordinal)]).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(processIds.Count >= 4, $"Expected three silos' and the gateway's process ids in the output:\n{text}");
        await Wait.UntilAsync(() => processIds.All(Ended), $"processes {string.Join(", ", processIds)} gone", TimeSpan.FromSeconds(15), () => string.Join(", ", processIds.Where(p => !Ended(p))) + " still run");

        var postgresPort = int.Parse(PostgresPortPattern().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Listens(postgresPort), $"PostgreSQL still listens on {postgresPort}.");
    }

    // Gone, or a zombie nobody has reaped yet (this test's container may not reap orphans): not running either way.
    private static bool Ended(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
    }

    private static bool Listens(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"pid (\d+)")]
    private static partial Regex ProcessIdPattern();

    [GeneratedRegex(@"postgres: 127\.0\.0\.1:(\d+)")]
    private static partial Regex PostgresPortPattern();
}
