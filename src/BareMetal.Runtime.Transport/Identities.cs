using System.Text;
using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Transport;

/// <summary>Rules for the identities carried in hellos: a silo's is its <see cref="SiloAddress"/> string, a client's any short id.</summary>
internal static class Identities
{
    public static bool IsValid(ClusterRole role, string identity) =>
        identity.Length > 0
        && Encoding.UTF8.GetByteCount(identity) <= HelloMessage.MaxIdentityBytes
        && (role != ClusterRole.Silo || IsSiloAddress(identity));

    /// <summary>Checks this side's identity before it goes into hellos.</summary>
    public static void Validate(ClusterRole role, string localIdentity, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localIdentity, paramName);
        if (!IsValid(role, localIdentity))
        {
            throw new ArgumentException(
                role == ClusterRole.Silo
                    ? $"A silo's identity must be its SiloAddress string (host:port@generation), at most {HelloMessage.MaxIdentityBytes} UTF-8 bytes; got '{localIdentity}'."
                    : $"A client's identity must be at most {HelloMessage.MaxIdentityBytes} UTF-8 bytes.",
                paramName);
        }
    }

    private static bool IsSiloAddress(string identity)
    {
        try
        {
            _ = SiloAddress.Parse(identity);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return false;
        }
    }
}
