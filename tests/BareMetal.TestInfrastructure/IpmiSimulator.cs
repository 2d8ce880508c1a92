using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BareMetal.TestInfrastructure;

/// <summary>
/// A real IPMI BMC on loopback: OpenIPMI's <c>ipmi_sim</c> (Debian package <c>openipmi</c>) serving IPMI 2.0 (lanplus)
/// on its own UDP port, with one admin user. Its chassis control hook is a small shell script that keeps the power
/// state and boot device in files of this simulator's folder, so "power on", "power off", "power soft", "chassis
/// bootdev" change state a test can observe (<see cref="PowerIsOn"/>, <see cref="BootDevice"/>) and change itself
/// behind the control plane's back (<see cref="SetPowerBehindTheBackAsync"/>, through the real ipmitool).
/// Faults: <see cref="StopAsync"/> (unreachable), <see cref="Pause"/> (SIGSTOP: hangs, nothing answers), and
/// <see cref="StartAsync()"/> / <see cref="Resume"/> to bring it back on the same port with the same state.
/// </summary>
public sealed class IpmiSimulator : IAsyncDisposable
{
    /// <summary>The IPMI cipher suite the simulator speaks (ipmitool's default, 17, is not offered by ipmi_sim).</summary>
    public const string CipherSuite = "3";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(15);
    private readonly string _directory;
    private Process? _process;

    private IpmiSimulator(string directory, int port, string username, string password)
    {
        _directory = directory;
        Port = port;
        Username = username;
        Password = password;
    }

    /// <summary>Always 127.0.0.1.</summary>
    public string Address => "127.0.0.1";

    /// <summary>The UDP port.</summary>
    public int Port { get; }

    /// <summary>The admin user's name.</summary>
    public string Username { get; }

    /// <summary>The admin user's password.</summary>
    public string Password { get; }

    /// <summary>The simulator's process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Whether the simulated machine is powered on, as the chassis hook recorded it.</summary>
    public bool PowerIsOn => ReadState("power") == "1";

    /// <summary>The boot device last set through the BMC ("pxe", "disk", "cdrom", "bios", "default").</summary>
    public string BootDevice => ReadState("boot") ?? "default";

    /// <summary>Every call ipmi_sim made to the chassis hook ("get power", "set power 1", "set boot pxe", ...), oldest first.</summary>
    public IReadOnlyList<string> ChassisCalls =>
        File.Exists(Path.Combine(_directory, "calls.log")) ? File.ReadAllLines(Path.Combine(_directory, "calls.log")) : [];

    /// <summary>Writes the configuration and starts a simulator on a free loopback port.</summary>
    /// <param name="password">The admin password; a fresh random one when omitted.</param>
    /// <param name="poweredOn">Whether the machine starts powered on.</param>
    public static async Task<IpmiSimulator> StartNewAsync(string? password = null, bool poweredOn = false)
    {
        Require("ipmi_sim", "openipmi");
        Require("ipmitool", "ipmitool");
        var directory = Directory.CreateTempSubdirectory("baremetal-ipmisim-").FullName;
        var simulator = new IpmiSimulator(directory, FreeUdpPort(), "admin", password ?? ("pw" + Guid.NewGuid().ToString("N")[..12]));
        simulator.WriteConfiguration(poweredOn);
        await simulator.StartAsync();
        return simulator;
    }

    /// <summary>The driver_info of a node managed by this BMC with the "ipmi" driver.</summary>
    /// <param name="password">The password to put in it (to try a wrong one); the right one when omitted.</param>
    public Dictionary<string, string> DriverInfo(string? password = null) => new(StringComparer.Ordinal)
    {
        ["ipmi_address"] = Address,
        ["ipmi_port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["ipmi_username"] = Username,
        ["ipmi_password"] = password ?? Password,
        ["ipmi_cipher_suite"] = CipherSuite,
    };

    /// <summary>(Re)starts ipmi_sim on <see cref="Port"/> and waits until it answers a power status over lanplus.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var start = new ProcessStartInfo("ipmi_sim")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[] { "-c", Path.Combine(_directory, "lan.conf"), "-f", Path.Combine(_directory, "bmc.emu"), "-s", Path.Combine(_directory, "state"), "-n" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("ipmi_sim did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + s_startTimeout;
        while (true)
        {
            var (exitCode, _, error) = await IpmitoolAsync(TimeSpan.FromSeconds(3), "power", "status");
            if (exitCode == 0)
            {
                return;
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"ipmi_sim on 127.0.0.1:{Port} did not answer within {s_startTimeout.TotalSeconds} s (exited: {_process.HasExited}): {error}");
            }
        }
    }

    /// <summary>Kills ipmi_sim: the BMC becomes unreachable (nothing listens on its port).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Resume();
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Stops ipmi_sim with SIGSTOP: the BMC hangs, requests go unanswered until <see cref="Resume"/>.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused ipmi_sim run again (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    /// <summary>
    /// Changes the power with the real ipmitool, as someone at the BMC would, and waits for it to take effect. A busy
    /// simulator (a power sync storm) may drop the request, so it is sent again until the hook recorded the new state.
    /// </summary>
    public async Task SetPowerBehindTheBackAsync(bool on)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var (exitCode, output, error) = await IpmitoolAsync(TimeSpan.FromSeconds(10), "power", on ? "on" : "off");
            if (PowerIsOn == on)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"ipmitool power {(on ? "on" : "off")} on 127.0.0.1:{Port} failed ({exitCode}): {output}{error}");
            }
        }
    }

    /// <summary>
    /// When set, the cores (taskset's list syntax) that <see cref="IpmitoolAsync"/> runs ipmitool on: a benchmark that
    /// gives the BMCs cores of their own also keeps the tool that acts at a BMC behind the control plane's back there.
    /// </summary>
    public string? ToolCores { get; set; }

    /// <summary>Runs the real ipmitool against this BMC with the right credentials (password through the environment).</summary>
    public async Task<(int ExitCode, string Output, string Error)> IpmitoolAsync(TimeSpan timeout, params string[] command)
    {
        var start = new ProcessStartInfo(ToolCores is null ? "ipmitool" : "taskset")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        IEnumerable<string> pinning = ToolCores is { } cores ? ["--cpu-list", cores, "ipmitool"] : [];
        foreach (var argument in pinning.Concat(["-I", "lanplus", "-C", CipherSuite, "-H", Address, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", Username, "-E", "-N", "1", "-R", "1"]).Concat(command))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["IPMI_PASSWORD"] = Password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ipmitool did not start.");
        using var cancel = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            return (-1, await output, "ipmitool timed out. " + await error);
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Stops the simulator and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the temp folder cleanup takes it.
        }
    }

    private void WriteConfiguration(bool poweredOn)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "state"));
        File.WriteAllText(Path.Combine(_directory, "power"), poweredOn ? "1\n" : "0\n");
        File.WriteAllText(Path.Combine(_directory, "boot"), "default\n");
        var hook = Path.Combine(_directory, "chassis-hook.sh");
        // ipmi_sim runs "<hook> <mc> get power|boot" and "<hook> <mc> set power 0|1 / boot <dev> / reset 1 / shutdown 1".
        // Only shell builtins and redirections: the hook runs on every power read, so it must cost little.
        File.WriteAllText(hook, $$"""
            #!/bin/sh
            dir='{{_directory}}'
            mc=$1; op=$2; shift 2
            echo "$op $*" >> "$dir/calls.log"
            case $op in
            get)
              for parm in "$@"; do
                case $parm in
                  power) read -r value < "$dir/power"; echo "power:$value" ;;
                  boot) read -r value < "$dir/boot"; echo "boot:$value" ;;
                  *) echo "Invalid parameter: $parm"; exit 1 ;;
                esac
              done ;;
            set)
              while [ $# -ge 2 ]; do
                case $1 in
                  power) echo "$2" > "$dir/power" ;;
                  shutdown) [ "$2" = 1 ] && echo 0 > "$dir/power" ;;
                  boot) echo "$2" > "$dir/boot" ;;
                  reset) ;;
                  *) echo "Invalid parameter: $1"; exit 1 ;;
                esac
                shift 2
              done ;;
            *) echo "Unknown operation: $op"; exit 1 ;;
            esac
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var lan = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"name \"bmc{Port}\"")
            .AppendLine("set_working_mc 0x20")
            .AppendLine("  startlan 1")
            .AppendLine(CultureInfo.InvariantCulture, $"    addr {Address} {Port}")
            .AppendLine("    priv_limit admin")
            .AppendLine("    allowed_auths_callback none md2 md5 straight")
            .AppendLine("    allowed_auths_user none md2 md5 straight")
            .AppendLine("    allowed_auths_operator none md2 md5 straight")
            .AppendLine("    allowed_auths_admin none md2 md5 straight")
            .AppendLine("    guid a123456789abcdefa123456789abcdef")
            .AppendLine("  endlan")
            .AppendLine(CultureInfo.InvariantCulture, $"  chassis_control \"{hook} 0x20\"")
            .AppendLine(CultureInfo.InvariantCulture, $"  user 2 true \"{Username}\" \"{Password}\" admin 32 none md2 md5 straight")
            .ToString();
        File.WriteAllText(Path.Combine(_directory, "lan.conf"), lan);
        // One BMC (IPMB 0x20) with chassis support (device support 0x9f includes the chassis device) and a SEL.
        File.WriteAllText(Path.Combine(_directory, "bmc.emu"), """
            mc_setbmc 0x20
            mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr
            sel_enable 0x20 1000 0x0a
            mc_enable 0x20

            """);
    }

    private string? ReadState(string name)
    {
        var path = Path.Combine(_directory, name);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    private void Signal(string signal)
    {
        if (_process is { HasExited: false } process)
        {
            using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static void Require(string tool, string package)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
        if (!found)
        {
            throw new InvalidOperationException($"{tool} is not installed: install the Debian package {package} (eng/install-test-dependencies.sh does).");
        }
    }
}
