using System.Diagnostics;
using System.Text.Json;
using BareMetal.TestInfrastructure;

namespace BareMetal.Cli.Tests;

/// <summary>How a bm run ended.</summary>
public sealed record BmResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json()
    {
        try
        {
            return JsonDocument.Parse(Stdout).RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"bm did not print JSON (exit {ExitCode}):\n{Stdout}\nstderr:\n{Stderr}", exception);
        }
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the built bm as a process, with a private HOME so no operator's config file is read.</summary>
public static class BmRunner
{
    private static readonly string s_home = Directory.CreateTempSubdirectory("bm-home-").FullName;

    public static async Task<BmResult> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BareMetalHostProcess.BuiltAssembly("src/BareMetal.Cli", "bm.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = s_home;
        start.Environment["XDG_CONFIG_HOME"] = null;
        start.Environment["BAREMETAL_ENDPOINT"] = null;
        start.Environment["BAREMETAL_API_KEY"] = null;
        start.Environment["BAREMETAL_CONFIG"] = null;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bm {string.Join(' ', args)} did not finish in 90 s.");
        }

        return new BmResult(process.ExitCode, await stdout, await stderr);
    }
}
