namespace BareMetal.Runtime.Transport;

/// <summary>Stable event ids of the transport's log lines (STYLE.md 4.4), in the 3100 range.</summary>
internal static class TransportEventId
{
    public const int ListenerStarted = 3100;
    public const int ListenerStopped = 3101;
    public const int AcceptFailed = 3102;
    public const int HandshakeRefused = 3110;
    public const int HandshakeRefusedByRemote = 3111;
    public const int ConnectFailed = 3112;
    public const int ConnectionEstablished = 3120;
    public const int ConnectionClosed = 3121;
    public const int ConnectionLost = 3122;
    public const int FrameTooLarge = 3130;
    public const int ProtocolViolation = 3131;
    public const int HandlerFailed = 3132;
    public const int CloseFailed = 3133;
}
