using System.Globalization;
using Npgsql;

namespace BareMetal.Orleans.Benchmarks;

/// <summary>
/// CPU time used by one PostgreSQL server (its postmaster and every backend it forked), read from /proc, so the
/// cost of a write on the database side is counted too, not only the silo's. Backends that exit between two
/// readings take their time with them, so connection-per-write providers are under-counted, never over-counted.
/// </summary>
internal sealed class PostgresServerCpu
{
    private readonly int _postmaster;

    private PostgresServerCpu(int postmaster) => _postmaster = postmaster;

    public static async Task<PostgresServerCpu?> FindAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW data_directory", connection);
        var directory = (string)(await command.ExecuteScalarAsync())!;
        var pidFile = Path.Combine(directory, "postmaster.pid");
        return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture, out var pid)
            ? new PostgresServerCpu(pid)
            : null;
    }

    /// <summary>The server's CPU time so far.</summary>
    public TimeSpan Read()
    {
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));

                // Fields after the parenthesized command: state(3) ppid(4) ... utime(14) stime(15).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == _postmaster || parent == _postmaster)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The process exited while being read.
            }
        }

        // /proc counts in clock ticks of 1/100 s on Linux.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
