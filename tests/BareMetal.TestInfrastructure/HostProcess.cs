using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace BareMetal.TestInfrastructure;

/// <summary>
/// One BareMetal.Host process with its own temporary data directory (SQLite) and a free loopback port: ready once
/// it prints where its API listens; its output kept for failure messages.
/// </summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly bool _ownsDataDirectory;

    private HostProcess(Process process, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    /// <summary>The host's data directory (deleted on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>The API's base address (http://127.0.0.1:port/); throws before the host listens.</summary>
    public Uri BaseAddress => _listening.Task.IsCompletedSuccessfully ? _listening.Task.Result : throw new InvalidOperationException("The host is not listening.");

    /// <summary>The operating system's id of the host process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The silo's gateway port for cluster clients, once a clustered silo printed it; 0 before.</summary>
    public int GatewayPort { get; private set; }

    /// <summary>The silo address a clustered silo printed; null before (or without clustering).</summary>
    public string? SiloAddress { get; private set; }

    /// <summary>Everything the host printed so far.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>Completes with the exit code when the process exits.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>
    /// Starts a host with <paramref name="settings"/> (configuration keys such as "BareMetal:Api:Urls"), in
    /// <paramref name="dataDirectory"/> (kept on dispose) or a new temporary one (deleted on dispose).
    /// </summary>
    public static HostProcess Start(IReadOnlyDictionary<string, string> settings, string? dataDirectory = null)
    {
        if (!File.Exists(HostPaths.HostAssembly))
        {
            throw new FileNotFoundException($"Build src/BareMetal.Host in {HostPaths.Configuration} first: {HostPaths.HostAssembly} is missing.");
        }

        var data = dataDirectory ?? Path.Combine(Path.GetTempPath(), "baremetal-host-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var startInfo = new ProcessStartInfo(HostPaths.DotnetExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(HostPaths.HostAssembly);
        startInfo.Environment.Remove("DOTNET_ENVIRONMENT");
        startInfo.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        var environment = new Dictionary<string, string>
        {
            ["BareMetal:DataDirectory"] = data,
            ["BareMetal:Api:Urls"] = "http://127.0.0.1:0",
            ["BareMetal:DemoFleet:Nodes"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var host = new HostProcess(process, data, dataDirectory is null);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Exited += (_, _) => host.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Starts a host and waits until it listens.</summary>
    public static async Task<HostProcess> StartReadyAsync(IReadOnlyDictionary<string, string> settings, string? dataDirectory = null)
    {
        var host = Start(settings, dataDirectory);
        try
        {
            await host.WaitListeningAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the host prints its API address; fails with its output when it exits first.</summary>
    public async Task WaitListeningAsync()
    {
        var first = await Task.WhenAny(_listening.Task, _exited.Task).WaitAsync(s_startTimeout);
        if (first != _listening.Task)
        {
            throw new InvalidOperationException($"The host exited with {_exited.Task.Result} before listening:\n{Output}");
        }
    }

    /// <summary>A client for the API, sending <paramref name="apiKey"/> as a bearer token when given.</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Kills the process at once with SIGKILL (no graceful leave: its peers must find out it is dead).</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _exited.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
            try
            {
                if (_ownsDataDirectory)
                {
                    Directory.Delete(DataDirectory, recursive: true);
                }
            }
            catch (IOException)
            {
                // Best effort: the temp directory is not worth failing a test over.
            }
        }
    }

    /// <summary>Stops the process the way an operator does (SIGTERM) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync();
            await _exited.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(new Uri(match.Groups["url"].Value + "/"));
        }

        var cluster = ClusterLine().Match(line);
        if (cluster.Success)
        {
            GatewayPort = int.Parse(cluster.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
            SiloAddress = cluster.Groups["silo"].Value;
        }
    }

    private void OnExited() => _ = ReportExitAsync();

    // The Exited event can come before the last lines of output were read: wait for the end of both streams first,
    // so a test reading what a process said before it refused to start sees all of it.
    private async Task ReportExitAsync()
    {
        try
        {
            using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(drained.Token);
        }
        catch (OperationCanceledException)
        {
            // Something else still holds the output open: report the exit with what was read.
        }

        try
        {
            _exited.TrySetResult(_process.ExitCode);
        }
        catch (InvalidOperationException)
        {
            _exited.TrySetResult(-1);
        }
    }

    [GeneratedRegex(@"(?:BareMetal API|Health endpoints): (?<url>http://[^\s/]+)/")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"BareMetal silo (?<silo>\S+) running in cluster mode; gateway port (?<port>\d+)\.")]
    private static partial Regex ClusterLine();
}
