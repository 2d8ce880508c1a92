using System.Text;

namespace BareMetal.Runtime.Transport;

/// <summary>This side's part of a handshake.</summary>
internal sealed class HandshakeSettings
{
    public HandshakeSettings(ClusterRole localRole, string localIdentity, bool isInitiator, bool acceptClients, TransportOptions options)
    {
        LocalRole = localRole;
        LocalIdentity = localIdentity;
        IsInitiator = isInitiator;
        AcceptClients = acceptClients;
        ClusterId = options.ClusterId;
        SecretKey = Encoding.UTF8.GetBytes(options.ClusterSecret);
        AdvertisedVersion = options.AdvertisedProtocolVersion;
        Timeout = options.HandshakeTimeout;
    }

    public ClusterRole LocalRole { get; }

    public string LocalIdentity { get; }

    /// <summary>Whether this side opened the connection (it is part of what the proof covers).</summary>
    public bool IsInitiator { get; }

    /// <summary>Whether a client-role peer is admitted (gateways only; an initiator always expects a silo).</summary>
    public bool AcceptClients { get; }

    public string ClusterId { get; }

    /// <summary>[Redact] The HMAC key: the UTF-8 bytes of the cluster secret (empty in dev mode).</summary>
    public byte[] SecretKey { get; }

    public bool HasSecret => SecretKey.Length > 0;

    public int AdvertisedVersion { get; }

    public TimeSpan Timeout { get; }

    public string RoleWord => LocalRole == ClusterRole.Silo ? "silo" : "client";
}
