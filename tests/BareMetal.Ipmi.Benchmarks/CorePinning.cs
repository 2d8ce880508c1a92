using System.Diagnostics;
using System.Globalization;

namespace BareMetal.Ipmi.Benchmarks;

/// <summary>
/// Puts processes on chosen cores with util-linux's <c>taskset</c>, every thread of them; threads and processes they
/// start later inherit the cores.
/// </summary>
internal static class CorePinning
{
    /// <summary>Pins <paramref name="processId"/> to the cores <paramref name="cores"/> (taskset's list syntax, "0-2").</summary>
    public static async Task PinAsync(int processId, string cores)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset")
        {
            ArgumentList = { "--all-tasks", "--cpu-list", "--pid", cores, processId.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("taskset could not be started (util-linux).");
        var error = await taskset.StandardError.ReadToEndAsync();
        await taskset.StandardOutput.ReadToEndAsync();
        await taskset.WaitForExitAsync();
        if (taskset.ExitCode != 0)
        {
            throw new InvalidOperationException($"taskset could not pin process {processId} to cores {cores}: {error.Trim()}");
        }
    }
}
