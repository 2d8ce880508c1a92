using System.Diagnostics;
using System.Globalization;
using System.Text;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Ipmi;

/// <summary>
/// Runs ipmitool over lanplus for the "ipmi" hardware type: at most <see cref="IpmiDriverOptions.MaxConcurrentProcesses"/>
/// processes at once in this process, each killed after <see cref="IpmiDriverOptions.CommandTimeout"/>, transient
/// failures retried within <see cref="IpmiDriverOptions.CommandRetryTimeout"/>. The password goes to ipmitool in a
/// file only this user can read (<c>-f</c>), never on its command line, where any user's <c>ps</c> would show it.
/// </summary>
public sealed class IpmiToolRunner : IDisposable
{
    private readonly IpmiDriverOptions _options;
    private readonly IpmiCommandRetry _retry;
    private readonly SemaphoreSlim _slots;
    private readonly string _passwordDirectory;
    private readonly IpmiConcurrencyGauge _running = new();
    private long _started;

    /// <summary>Creates the runner and its private folder for password files.</summary>
    public IpmiToolRunner(IOptions<IpmiDriverOptions> options, TimeProvider timeProvider, ILogger<IpmiToolRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _retry = new IpmiCommandRetry(_options, timeProvider, logger);
        _slots = new SemaphoreSlim(_options.MaxConcurrentProcesses, _options.MaxConcurrentProcesses);
        _passwordDirectory = Path.Combine(Path.GetTempPath(), "baremetal-ipmi-" + Guid.NewGuid().ToString("N"));
        // Windows has no Unix modes; its per-user temp folder is already private to the user.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_passwordDirectory);
        }
        else
        {
            Directory.CreateDirectory(_passwordDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>How many ipmitool processes may run at once.</summary>
    public int MaxConcurrentProcesses => _options.MaxConcurrentProcesses;

    /// <summary>How many ipmitool processes run now.</summary>
    public int Running => _running.Current;

    /// <summary>The most ipmitool processes that ran at once since start or the last <see cref="ResetPeak"/>.</summary>
    public int PeakRunning => _running.Peak;

    /// <summary>How many ipmitool processes were started in all.</summary>
    public long ProcessesStarted => Interlocked.Read(ref _started);

    /// <summary>Starts a new measurement of <see cref="PeakRunning"/>.</summary>
    public void ResetPeak() => _running.ResetPeak();

    /// <summary>Deletes the password folder.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(_passwordDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or a file still open by a killed process: the OS's temp cleanup takes it.
        }

        _slots.Dispose();
    }

    /// <summary>
    /// Runs <c>ipmitool ... <paramref name="command"/></c> against the node's BMC, retrying transient failures, and
    /// returns its standard output.
    /// </summary>
    /// <exception cref="DriverException">The command failed; the message says why, for operators.</exception>
    internal Task<string> RunAsync(string nodeId, IpmiDriverInfo info, IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        _retry.RunAsync(nodeId, info, string.Join(' ', command), "ipmitool", c => RunOnceAsync(info, command, c), cancellationToken);

    private async Task<(string Output, IpmiFailure? Failure)> RunOnceAsync(IpmiDriverInfo info, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        _running.Enter();
        var passwordFile = Path.Combine(_passwordDirectory, Guid.NewGuid().ToString("N"));
        try
        {
            WritePasswordFile(passwordFile, info.Password);
            var start = StartInfo(info, passwordFile, command);
            using var process = new Process { StartInfo = start };
            process.Start();
            Interlocked.Increment(ref _started);
            if (_options.RunBelowNormalPriority)
            {
                LowerPriority(process);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CommandTimeout);
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Gone before its slot is given back, so the bound counts every process that exists.
                await KillAsync(process).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return (string.Empty, new IpmiFailure(
                    IpmiFailureKind.NoAnswer,
                    $"no answer within {_options.CommandTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (ipmitool was stopped)"));
            }

            var stdout = await output.ConfigureAwait(false);
            var stderr = Scrub(await error.ConfigureAwait(false), info.Password);
            return process.ExitCode == 0 ? (stdout, null) : (string.Empty, IpmiFailure.FromOutput(stderr.Length > 0 ? stderr : Scrub(stdout, info.Password)));
        }
        finally
        {
            TryDelete(passwordFile);
            _running.Exit();
            _slots.Release();
        }
    }

    private ProcessStartInfo StartInfo(IpmiDriverInfo info, string passwordFile, IReadOnlyList<string> command)
    {
        var start = new ProcessStartInfo(_options.IpmitoolPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // ipmitool's own retransmissions (-N seconds apart, -R times) outlast the per-call timeout, so a BMC that
        // never answers always ends in the same, bounded way: killed at CommandTimeout.
        var retransmissions = (int)Math.Ceiling(_options.CommandTimeout.TotalSeconds) + 1;
        List<string> arguments =
        [
            "-I", "lanplus",
            "-H", info.Address,
            "-p", info.Port.ToString(CultureInfo.InvariantCulture),
            "-L", info.PrivilegeLevel,
            "-N", "1",
            "-R", retransmissions.ToString(CultureInfo.InvariantCulture),
            "-f", passwordFile,
            // -v adds the line that tells a refused password from a silent BMC; it never prints the password.
            "-v",
        ];
        if (info.Username is { } user)
        {
            arguments.AddRange(["-U", user]);
        }

        if ((info.CipherSuite ?? _options.DefaultCipherSuite) is { } suite)
        {
            arguments.AddRange(["-C", suite.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(info.BridgingArguments);
        arguments.AddRange(command);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    // Created readable and writable by this user only, before anything is written (no window with wider rights).
    private static void WritePasswordFile(string path, string password)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        // An empty password is written as a NUL byte: ipmitool refuses an empty password file.
        var bytes = password.Length == 0 ? [0] : Encoding.UTF8.GetBytes(password);
        stream.Write(bytes);
    }

    // Defence in depth: should a BMC or ipmitool ever echo the password, it never reaches a log or last_error.
    private static string Scrub(string text, string password) =>
        password.Length == 0 ? text : text.Replace(password, "******", StringComparison.Ordinal);

    private static void LowerPriority(Process process)
    {
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (InvalidOperationException)
        {
            // It already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not allowed here, or it already exited: it runs at normal priority, which is only slower for the API.
        }
    }

    private static async Task KillAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            using var reaped = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(reaped.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
        catch (OperationCanceledException)
        {
            // SIGKILL cannot be refused; only a process stuck in the kernel outlives this, and it will go.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Dispose removes the folder.
        }
    }
}
