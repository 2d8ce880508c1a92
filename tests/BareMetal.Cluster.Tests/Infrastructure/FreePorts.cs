using System.Net;
using System.Net.Sockets;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>
/// Free loopback ports for a silo's two endpoints. Orleans needs the silo port before it starts (it is part of the
/// silo's address), so the operating system is asked for free ones; every listener is held until all are picked, so
/// one call never returns the same port twice.
/// </summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
