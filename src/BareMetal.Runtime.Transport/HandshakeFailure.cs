namespace BareMetal.Runtime.Transport;

/// <summary>Why a handshake failed. The value travels in the reject frame, so both sides report the same reason.</summary>
public enum HandshakeFailure : byte
{
    /// <summary>The peer speaks another wire protocol version.</summary>
    ProtocolVersionMismatch = 1,

    /// <summary>The peer belongs to another cluster.</summary>
    ClusterIdMismatch = 2,

    /// <summary>The peer's proof of the cluster secret is wrong, or only one side has a secret.</summary>
    SecretMismatch = 3,

    /// <summary>The peer sent no proof of the cluster secret.</summary>
    ProofMissing = 4,

    /// <summary>The peer's role is not admitted (a client at a silo-only port, or a client where a silo was expected).</summary>
    RoleRefused = 5,

    /// <summary>The handshake did not finish within <see cref="TransportOptions.HandshakeTimeout"/>.</summary>
    Timeout = 6,

    /// <summary>The peer does not speak this protocol at all (bad magic or a malformed hello).</summary>
    NotAClusterPeer = 7,

    /// <summary>The peer closed the connection during the handshake.</summary>
    ConnectionClosed = 8,
}
