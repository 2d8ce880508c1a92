using System.Runtime.CompilerServices;

namespace BareMetal.Runtime.Transport.Tests.Infrastructure;

/// <summary>
/// The test host keeps a couple of thread-pool threads blocked in its own I/O; on a 2-core machine
/// (minimum 2 pool threads) that left the transport's loops waiting for the pool's 500 ms thread
/// injection, which showed as stalls in the throughput test. Production hosts do not block pool threads.
/// </summary>
internal static class TestHostThreadPool
{
#pragma warning disable CA2255 // A test assembly, not a library: it must run before any test.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(completionPorts, 16));
    }
}
