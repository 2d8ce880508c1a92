namespace BareMetal.Runtime.Transport;

/// <summary>Who the authenticated peer is.</summary>
internal readonly record struct HandshakeResult(ClusterRole RemoteRole, string RemoteIdentity);
