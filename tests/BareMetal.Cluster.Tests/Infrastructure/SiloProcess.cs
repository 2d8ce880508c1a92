using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Net;
using Orleans.Runtime;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>
/// One BareMetal.Host process running a clustered silo: started with environment-variable
/// configuration, ready once it prints its address and gateway port, its output kept for failure
/// messages, and signalled like an operator would (SIGKILL, SIGTERM, SIGSTOP, SIGCONT).
/// </summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private const int MaxKeptLines = 4000;

    // Processes still running when the test run ends (a crash or an abort skips dispose) are killed.
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<(SiloAddress Address, int GatewayPort)> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _clock;
    private int _disposed;
    private volatile object? _exitCode;

    static SiloProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Values)
            {
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        };
    }

    private SiloProcess(string name, Process process, Stopwatch clock)
    {
        Name = name;
        _process = process;
        _clock = clock;
    }

    /// <summary>The silo name (BareMetal:Silo:SiloName), also what the test grains report.</summary>
    public string Name { get; }

    /// <summary>The OS process id.</summary>
    public int ProcessId { get; private set; }

    /// <summary>The silo's address as it printed it; throws before the silo is ready.</summary>
    public SiloAddress Address => IsReady ? _ready.Task.Result.Address : throw new InvalidOperationException($"{Name} is not ready yet.");

    /// <summary>The gateway port external clients connect to.</summary>
    public int GatewayPort => IsReady ? _ready.Task.Result.GatewayPort : throw new InvalidOperationException($"{Name} is not ready yet.");

    /// <summary>"127.0.0.1:{GatewayPort}", as the client options take it.</summary>
    public string Gateway => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{GatewayPort}");

    /// <summary>Whether the silo printed its ready line.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; throws while the process runs.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>When the process exited, on the cluster's clock (null while it runs).</summary>
    public TimeSpan? ExitedAt { get; private set; }

    /// <summary>Starts <c>dotnet BareMetal.Host.dll</c> with <paramref name="environment"/> added to this process's environment.</summary>
    public static SiloProcess Start(string name, IReadOnlyDictionary<string, string> environment, Stopwatch clock)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(environment);
        ClusterPaths.EnsureBuilt();
        var startInfo = new ProcessStartInfo(ClusterPaths.DotnetExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ClusterPaths.HostAssembly)!,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(ClusterPaths.HostAssembly);

        // The test runner's own settings must not leak into the silo (e.g. a Development environment).
        startInfo.Environment.Remove("DOTNET_ENVIRONMENT");
        startInfo.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, process, clock);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data, "out");
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data, "err");
        process.Exited += (_, _) => silo.OnExited();
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name}: {startInfo.FileName} {ClusterPaths.HostAssembly}.");
        }

        silo.ProcessId = process.Id;
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Completes when the silo printed its ready line; fails when it exits first or the deadline passes.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        try
        {
            await _ready.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} (pid {ProcessId}) did not print its ready line within {timeout.TotalSeconds:0} s.\n{Describe()}");
        }
    }

    /// <summary>Waits for the process to exit; false when it still runs at the deadline.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: the process dies at once; the kernel closes its sockets.</summary>
    public void Kill()
    {
        Note("test: SIGKILL");
        _process.Kill();
    }

    /// <summary>SIGTERM: the host stops gracefully.</summary>
    public void Terminate()
    {
        Note("test: SIGTERM");
        Signals.Send(ProcessId, Signals.SigTerm);
    }

    /// <summary>SIGSTOP: the process freezes; its sockets stay open and unanswered (a partition, as peers see it).</summary>
    public void Suspend()
    {
        Note("test: SIGSTOP");
        Signals.Send(ProcessId, Signals.SigStop);
    }

    /// <summary>SIGCONT: a frozen process runs again.</summary>
    public void Resume()
    {
        Note("test: SIGCONT");
        Signals.Send(ProcessId, Signals.SigCont);
    }

    /// <summary>The name, pid, state and the last lines of output, for failure messages.</summary>
    public string Describe(int lastLines = 200)
    {
        var lines = _lines.ToArray();
        var state = _exitCode is { } code ? $"exited with {code}" : "running";
        var builder = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"----- {Name} (pid {ProcessId}, {state}")
            .Append(IsReady ? $", {Address}, gateway {GatewayPort}" : string.Empty)
            .Append(CultureInfo.InvariantCulture, $"), last {Math.Min(lastLines, lines.Length)} of {lines.Length} lines -----\n");
        foreach (var line in lines.Skip(Math.Max(0, lines.Length - lastLines)))
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Kills the process if it still runs (continuing it first if it was frozen) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            try
            {
                _process.Kill();
            }
            catch (InvalidOperationException)
            {
                // It exited in between.
            }

            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        Running.TryRemove(ProcessId, out _);
        _process.Dispose();
    }

    private void OnLine(string? line, string stream)
    {
        if (line is null)
        {
            return;
        }

        Keep($"{Stamp()} {stream} {line}");
        if (!_ready.Task.IsCompleted && ReadyLine().Match(line) is { Success: true } match)
        {
            _ready.TrySetResult((ParseSiloAddress(match.Groups["address"].Value), int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture)));
        }
    }

    private void OnExited()
    {
        ExitedAt = _clock.Elapsed;
        _exitCode = _process.ExitCode;
        Keep($"{Stamp()} test: process exited with {_exitCode}");
        _ready.TrySetException(new InvalidOperationException($"{Name} exited before it was ready.\n{Describe()}"));
    }

    private void Note(string text) => Keep($"{Stamp()} {text}");

    private void Keep(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > MaxKeptLines && _lines.TryDequeue(out _))
        {
        }
    }

    private string Stamp() => string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,8:0.000}]");

    // Orleans prints a silo address as S{ip}:{port}:{generation}; it has no public parser for that form.
    private static SiloAddress ParseSiloAddress(string text)
    {
        var match = PrintedSiloAddress().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a silo address as Orleans prints it (S127.0.0.1:11111:123456789).");
        }

        var endpoint = new IPEndPoint(IPAddress.Parse(match.Groups["ip"].Value), int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
        return SiloAddress.New(endpoint, int.Parse(match.Groups["generation"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"BareMetal silo (?<address>\S+) running in cluster mode; gateway port (?<port>\d+)\.")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"^S(?<ip>[0-9.]+):(?<port>\d+):(?<generation>\d+)$")]
    private static partial Regex PrintedSiloAddress();
}
