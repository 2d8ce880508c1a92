using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace BareMetal.TestInfrastructure;

/// <summary>
/// Runs the built BareMetal host (src/BareMetal.Host) as a real process on a free loopback port, with a private data
/// directory, no demo fleet unless asked, and fast simulated hardware. Settings are passed as environment variables
/// (BareMetal__Section__Key); <see cref="BaseAddress"/> is known once the host printed where it listens and answers ready.
/// </summary>
public sealed partial class BareMetalHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BareMetalHostProcess(Process process, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
    }

    /// <summary>Where the API listens (http://127.0.0.1:PORT/).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the host printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The settings every test host gets: fast simulated hardware and no demo fleet.</summary>
    public static IReadOnlyDictionary<string, string> FastDefaults { get; } = new Dictionary<string, string>
    {
        ["BareMetal__DemoFleet__Nodes"] = "0",
        ["BareMetal__Drivers__Simulated__PowerLatency"] = "00:00:00.050",
        ["BareMetal__Drivers__Simulated__ImageWriteLatency"] = "00:00:00.300",
        ["BareMetal__Drivers__Simulated__CleanLatency"] = "00:00:00.050",
        ["BareMetal__Drivers__Simulated__TearDownLatency"] = "00:00:00.050",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Starts the host and waits until it answers ready.</summary>
    /// <param name="settings">Extra environment settings (override <see cref="FastDefaults"/>).</param>
    public static async Task<BareMetalHostProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("baremetal-host-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(HostAssembly());
        start.Environment["BareMetal__Api__Urls"] = "http://127.0.0.1:0";
        start.Environment["BareMetal__DataDirectory"] = dataDirectory;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in FastDefaults)
        {
            start.Environment[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new BareMetalHostProcess(process, dataDirectory);
        process.OutputDataReceived += (_, e) => host.Record(e.Data);
        process.ErrorDataReceived += (_, e) => host.Record(e.Data);
        process.Exited += (_, _) => host._listening.TrySetException(new InvalidOperationException("The host exited before it listened:\n" + host.Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            host.BaseAddress = await host._listening.Task.WaitAsync(s_startTimeout);
            await host.WaitReadyAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the host (the whole process tree) and removes its data directory.</summary>
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
            // Never started, or already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned by the system.
        }
    }

    /// <summary>The path of the built host assembly (same configuration as the running tests).</summary>
    public static string HostAssembly() => BuiltAssembly("src/BareMetal.Host", "BareMetal.Host.dll");

    /// <summary>The path of an assembly built from the repository (same configuration as the running tests).</summary>
    /// <param name="projectDirectory">The project's folder relative to the repository root.</param>
    /// <param name="fileName">The assembly's file name.</param>
    public static string BuiltAssembly(string projectDirectory, string fileName)
    {
        var baseDirectory = AppContext.BaseDirectory;
        var configuration = baseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = new DirectoryInfo(baseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BareMetal.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"The repository root (BareMetal.sln) was not found above {baseDirectory}.");
        }

        var path = Path.Combine(root.FullName, projectDirectory, "bin", configuration, "net10.0", fileName);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} does not exist: build {projectDirectory} -c {configuration} first.");
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + s_startTimeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not answering yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The host did not become ready in time:\n" + Output);
            }

            // No signal exists for readiness but the endpoint itself.
            await Task.Delay(100);
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var match = ListeningPattern().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
        }
    }

    [GeneratedRegex(@"BareMetal API: (http://[^/\s]+)/api")]
    private static partial Regex ListeningPattern();
}
