namespace BareMetal.Runtime.Transport;

/// <summary>
/// Options of the cluster transport, shared by silos and external clients. Every member of a cluster
/// must use the same <see cref="ClusterId"/>, <see cref="ClusterSecret"/> and <see cref="MaxFrameSize"/>.
/// </summary>
public sealed class TransportOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Transport";

    /// <summary>
    /// The wire protocol version this build speaks. Peers with another version are refused during
    /// the handshake (the hello's magic and version fields keep their place in every version, so
    /// the refusal is always understood).
    /// </summary>
    public const int ProtocolVersion = 1;

    /// <summary>The default of <see cref="MaxFrameSize"/>: 16 MiB.</summary>
    public const int DefaultMaxFrameSize = 16 * 1024 * 1024;

    /// <summary>The cluster this process belongs to; peers of another cluster are refused. At most 256 UTF-8 bytes.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>
    /// The shared secret every member proves it knows (HMAC-SHA256 over fresh nonces; the secret never
    /// crosses the wire). Empty means dev mode: accepted only when the peer has no secret either.
    /// Otherwise at least 16 characters.
    /// </summary>
    /// <remarks>[Redact] Never log or print it.</remarks>
    public string ClusterSecret { get; set; } = string.Empty;

    /// <summary>
    /// The largest frame accepted, in bytes, counting the kind byte and the body (not the length
    /// prefix). A peer sending a larger frame is disconnected; sending a larger one throws.
    /// </summary>
    public int MaxFrameSize { get; set; } = DefaultMaxFrameSize;

    /// <summary>How long the handshake (hello, proof, verification) may take before the connection is refused.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long establishing the TCP connection may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The version put in the hello; differs from <see cref="ProtocolVersion"/> only in tests of the version check.</summary>
    internal int AdvertisedProtocolVersion { get; set; } = ProtocolVersion;
}
