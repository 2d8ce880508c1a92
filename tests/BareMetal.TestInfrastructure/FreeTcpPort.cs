using System.Net;
using System.Net.Sockets;

namespace BareMetal.TestInfrastructure;

/// <summary>A loopback TCP port nobody listens on right now, for servers that must be told their port up front.</summary>
public static class FreeTcpPort
{
    /// <summary>
    /// Asks the system for a free port and releases it. Another process could take it before the caller binds it;
    /// tests accept that small race rather than fixed ports, which collide whenever two hosts run at once.
    /// </summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
