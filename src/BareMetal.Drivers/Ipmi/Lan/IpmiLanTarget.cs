using System.Text;

namespace BareMetal.Drivers.Ipmi.Lan;

/// <summary>
/// One BMC as a session sees it: where it is and who logs in at which privilege level. Equal targets share a session;
/// a new password is a new target (and a new session). <see cref="ToString"/> never prints the password.
/// </summary>
internal sealed record IpmiLanTarget(string Address, int Port, string UserName, string Password, byte PrivilegeLevel)
{
    /// <summary>The target of a node's driver_info.</summary>
    public static IpmiLanTarget From(IpmiDriverInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new(info.Address, info.Port, info.Username ?? string.Empty, info.Password, PrivilegeCode(info.PrivilegeLevel));
    }

    /// <summary>"address:port".</summary>
    public string Endpoint => $"{Address}:{Port}";

    /// <summary>IPMI's privilege level numbers (IPMI v2.0, table 22-28 and RAKP message 1).</summary>
    public static byte PrivilegeCode(string level) => level switch
    {
        "CALLBACK" => 1,
        "USER" => 2,
        "OPERATOR" => 3,
        "ADMINISTRATOR" => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not an IPMI privilege level."),
    };

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Endpoint = ").Append(Endpoint).Append(", UserName = ").Append(UserName).Append(", PrivilegeLevel = ").Append(PrivilegeLevel);
        return true;
    }
}
