using System.Globalization;

namespace BareMetal.Ipmi.Benchmarks;

/// <summary>
/// CPU time from /proc (Linux): this process's own, its reaped children's (every ipmitool that exited), and other
/// processes' by id with their reaped children (the BMC simulators, which run until the end, and the chassis hook
/// scripts they start for every power read).
/// </summary>
internal static class CpuClock
{
    // /proc reports clock ticks; USER_HZ is 100 on Linux for every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static CpuSample Sample(IEnumerable<int> otherProcesses)
    {
        var self = Fields("/proc/self/stat");
        var others = 0.0;
        foreach (var pid in otherProcesses)
        {
            if (Fields($"/proc/{pid}/stat") is { } fields)
            {
                others += Seconds(fields, 14) + Seconds(fields, 15) + Seconds(fields, 16) + Seconds(fields, 17);
            }
        }

        return new CpuSample(
            Seconds(self!, 14) + Seconds(self!, 15),
            Seconds(self!, 16) + Seconds(self!, 17),
            others);
    }

    /// <summary>How many processes named <paramref name="name"/> whose command line holds <paramref name="argument"/> run now.</summary>
    public static int CountProcesses(string name, string argument)
    {
        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), out _)
                    && File.ReadAllText(Path.Combine(directory, "comm")).Trim() == name
                    && File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0').Contains(argument))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The process ended while being looked at.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return count;
    }

    // The fields after the command name (which may hold spaces): index 0 is field 3 of proc(5), the state.
    private static string[]? Fields(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    // statField is proc(5)'s 1-based number: 14 utime, 15 stime, 16 cutime, 17 cstime.
    private static double Seconds(string[] fields, int statField) =>
        long.Parse(fields[statField - 3], CultureInfo.InvariantCulture) / TicksPerSecond;
}

/// <summary>CPU seconds: this process, its reaped children (ipmitool), other processes (the simulators).</summary>
internal sealed record CpuSample(double Self, double Children, double Others)
{
    public static CpuSample operator -(CpuSample later, CpuSample earlier) =>
        new(later.Self - earlier.Self, later.Children - earlier.Children, later.Others - earlier.Others);
}
