using System.Diagnostics;
using System.Text.Json.Nodes;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>Runs the real OpenStack <c>baremetal</c> command (python3-ironicclient) against a host, without authentication.</summary>
internal sealed class BaremetalCli(Uri endpoint)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs a command and returns its standard output; fails the test when it exits non-zero.</summary>
    public async Task<string> RunAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await TryRunAsync(arguments);
        Assert.True(exitCode == 0, $"baremetal {string.Join(' ', arguments)} exited with {exitCode}: {error}{output}");
        return output;
    }

    /// <summary>Runs a command with <c>-f json</c> and parses its output.</summary>
    public async Task<JsonNode> JsonAsync(params string[] arguments) =>
        JsonNode.Parse(await RunAsync([.. arguments, "-f", "json"]))!;

    public async Task<(int ExitCode, string Output, string Error)> TryRunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("baremetal")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--os-auth-type", "none", "--os-endpoint", endpoint.ToString().TrimEnd('/') }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        // Only the command line decides where the client goes: no OS_* settings of the machine leak in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("baremetal did not start.");
        using var timeout = new CancellationTokenSource(s_timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"baremetal {string.Join(' ', arguments)} did not finish within {s_timeout.TotalSeconds} s.");
        }

        return (process.ExitCode, await output, await error);
    }
}
