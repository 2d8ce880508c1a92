using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace BareMetal.Runtime.Transport;

/// <summary>Kestrel socket settings derived from <see cref="TransportOptions"/>, shared by listener and connector.</summary>
internal static class SocketSettings
{
    private const long MinReadBufferSize = 1024 * 1024;
    private const long ReadBufferSlack = 64 * 1024;

    /// <summary>
    /// The receive pipe's pause threshold. A frame is dispatched only when it is complete, so the
    /// pipe must be able to hold the largest frame plus its prefix, or reading would stall forever.
    /// </summary>
    public static long ReadBufferSize(TransportOptions options) =>
        Math.Max(MinReadBufferSize, (long)options.MaxFrameSize + FrameFormat.LengthSize + ReadBufferSlack);

    public static SocketTransportOptions ForListener(TransportOptions options) => new()
    {
        NoDelay = true,
        MaxReadBufferSize = ReadBufferSize(options),
    };

    public static SocketConnectionFactoryOptions ForConnector(TransportOptions options) => new()
    {
        MaxReadBufferSize = ReadBufferSize(options),
    };
}
