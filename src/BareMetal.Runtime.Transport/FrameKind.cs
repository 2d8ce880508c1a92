namespace BareMetal.Runtime.Transport;

/// <summary>
/// The kind byte of a frame. Values below <see cref="Request"/> are reserved for the transport
/// (the handshake); values from <see cref="Request"/> up to 255 are application kinds, carried
/// opaquely and handed to <see cref="IFrameHandler.OnFrame"/>.
/// </summary>
public enum FrameKind : byte
{
    /// <summary>Handshake: the first frame each side sends (magic, protocol version, cluster, role, identity, nonce). Transport only.</summary>
    Hello = 1,

    /// <summary>Handshake: the HMAC proof of the cluster secret. Transport only.</summary>
    Proof = 2,

    /// <summary>Handshake: the connection is refused, with a reason. Transport only.</summary>
    Reject = 3,

    /// <summary>A request; the body is the runtime's message envelope.</summary>
    Request = 16,

    /// <summary>A response, correlated with its request by the runtime.</summary>
    Response = 17,

    /// <summary>A liveness probe.</summary>
    Ping = 18,

    /// <summary>The answer to a <see cref="Ping"/>.</summary>
    Pong = 19,

    /// <summary>The sender is leaving the cluster gracefully.</summary>
    Leave = 20,

    /// <summary>The caller of a request cancelled it (body: the request's message id).</summary>
    Cancel = 21,
}
