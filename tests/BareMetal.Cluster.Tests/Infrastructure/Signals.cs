using System.Runtime.InteropServices;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>POSIX signals for silo processes (Process.Kill is SIGKILL; the others need kill(2)).</summary>
internal static partial class Signals
{
    public const int SigTerm = 15;
    public const int SigStop = 19;
    public const int SigCont = 18;

    public static void Send(int processId, int signal)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The cluster tests send Linux signal numbers.");
        }

        if (Kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
