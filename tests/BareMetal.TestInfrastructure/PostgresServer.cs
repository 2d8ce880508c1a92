using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Xunit;

namespace BareMetal.TestInfrastructure;

/// <summary>
/// A private PostgreSQL server for one test run: initdb into a temp directory, started on a free
/// loopback port with fsync off, stopped (immediate) and deleted on dispose. Use it as an xunit
/// collection fixture so one server serves the whole test assembly; give each test class its own
/// database (<see cref="GetDatabaseAsync"/>) or each test a fresh one (<see cref="CreateDatabaseAsync"/>).
/// </summary>
/// <remarks>
/// initdb refuses to run as root, so as root the directory is handed to the <c>postgres</c> system
/// user and the binaries run through <c>runuser -u postgres --</c>; otherwise they run directly.
/// Set <c>BAREMETAL_POSTGRES_BIN</c> to use binaries outside <c>/usr/lib/postgresql/*/bin</c>.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime, IDisposable
{
    /// <summary>The environment variable naming a directory with initdb and pg_ctl.</summary>
    public const string BinDirectoryVariable = "BAREMETAL_POSTGRES_BIN";

    private const string ServiceUser = "postgres";
    private const int StartAttempts = 3;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _sharedDatabases = new(StringComparer.Ordinal);
    private string? _binDirectory;
    private string? _rootDirectory;
    private string? _dataDirectory;
    private bool _runAsServiceUser;
    private int _started;
    private int _databaseCounter;

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>A connection string to the <c>postgres</c> maintenance database as the superuser.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>Initializes and starts the server.</summary>
    public async Task InitializeAsync()
    {
        _binDirectory = FindBinDirectory();
        _runAsServiceUser = IsRoot();
        _rootDirectory = Directory.CreateTempSubdirectory("baremetal-pg-").FullName;
        _dataDirectory = Path.Combine(_rootDirectory, "data");
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;

        if (_runAsServiceUser)
        {
            await RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", _rootDirectory], asServiceUser: false);
        }

        await RunAsync(Binary("initdb"), ["-D", _dataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"], _runAsServiceUser);

        // A free port can be taken between probing and binding; retry with another one.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeTcpPort.Next();
            try
            {
                await RunAsync(
                    Binary("pg_ctl"),
                    [
                        "-D", _dataDirectory,
                        "-l", Path.Combine(_rootDirectory, "postgres.log"),
                        "-w", "-t", "60",
                        "-o", $"-p {Port} -k {_rootDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                        "start",
                    ],
                    _runAsServiceUser);
                Volatile.Write(ref _started, 1);
                return;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
            }
        }
    }

    /// <summary>Creates a fresh, uniquely named database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        EnsureStarted();
        var name = string.Create(CultureInfo.InvariantCulture, $"test_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>
    /// The database of <paramref name="owner"/> (typically a test class name), created on first
    /// request; later requests with the same owner return the same database.
    /// </summary>
    public Task<string> GetDatabaseAsync(string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return _sharedDatabases.GetOrAdd(owner, _ => new Lazy<Task<string>>(CreateDatabaseAsync)).Value;
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await StopAsync();
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        StopAsync().GetAwaiter().GetResult();
    }

    private static bool IsRoot() =>
        string.Equals(Environment.UserName, "root", StringComparison.Ordinal) || EffectiveUserId() == 0;

    /// <summary>geteuid() without P/Invoke: the second field of the Uid line in /proc/self/status.</summary>
    private static int? EffectiveUserId()
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return null;
        }

        var uidLine = File.ReadLines(Status).FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal));
        var fields = uidLine?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 2 } && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? uid : null;
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(BinDirectoryVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return HasServerBinaries(configured)
                ? configured
                : throw new InvalidOperationException(
                    $"{BinDirectoryVariable}={configured} holds no initdb and pg_ctl: point it at a PostgreSQL bin directory, " +
                    "or unset it and install Debian's postgresql package (apt-get install -y postgresql).");
        }

        const string Root = "/usr/lib/postgresql";
        var found = Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: ParseVersion(Path.GetFileName(dir))))
                .Where(candidate => candidate.Version is not null && HasServerBinaries(candidate.Dir))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Dir)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            $"No PostgreSQL server binaries (initdb, pg_ctl) under {Root}/*/bin: install Debian's postgresql package " +
            $"(apt-get install -y postgresql) or point {BinDirectoryVariable} at a directory holding them.");
    }

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static bool HasServerBinaries(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));


    private string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        IncludeErrorDetail = true,
    }.ConnectionString;

    private string Binary(string name) => Path.Combine(_binDirectory!, name);

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _started) == 0)
        {
            throw new InvalidOperationException("The PostgreSQL test server is not running; use it as a collection fixture.");
        }
    }

    private async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asServiceUser)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // The postgres user cannot enter root's home; start everything in the server directory.
            WorkingDirectory = _rootDirectory,
        };
        if (asServiceUser)
        {
            startInfo.FileName = "runuser";
            foreach (var argument in (string[])["-u", ServiceUser, "--", fileName])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            startInfo.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = $"{startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)}";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {commandLine}.");
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{commandLine} did not finish within {CommandTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            var log = _rootDirectory is null ? null : Path.Combine(_rootDirectory, "postgres.log");
            var serverLog = log is not null && File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty;
            throw new InvalidOperationException(
                $"{commandLine} exited with {process.ExitCode}.\n{await stdout}\n{await stderr}\n{serverLog}");
        }
    }

    // A run killed before the fixture's dispose still stops its server.
    private void OnProcessExit(object? sender, EventArgs e) => StopAsync().GetAwaiter().GetResult();

    private async Task StopAsync()
    {
        // Whoever flips the flag stops the server; dispose and process exit may both get here.
        if (Interlocked.Exchange(ref _started, 0) == 1)
        {
            try
            {
                await RunAsync(Binary("pg_ctl"), ["-D", _dataDirectory!, "-m", "immediate", "-w", "stop"], _runAsServiceUser);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                // The directory goes anyway; a server that failed to stop dies with its files.
            }
        }

        if (_rootDirectory is { } root && Directory.Exists(root))
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: a leftover temp directory must not fail the run.
            }
        }
    }
}
