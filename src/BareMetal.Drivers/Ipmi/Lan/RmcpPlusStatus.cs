using System.Globalization;

namespace BareMetal.Drivers.Ipmi.Lan;

/// <summary>The RMCP+ and RAKP status codes of the handshake (IPMI v2.0, table 13-15), in words and as failure kinds.</summary>
internal static class RmcpPlusStatus
{
    /// <summary>Why the BMC refused the handshake step, as a failure of the right kind.</summary>
    public static IpmiFailure Failure(string step, byte code)
    {
        var words = code switch
        {
            0x01 => "insufficient resources to create a session",
            0x02 => "invalid session id",
            0x03 => "invalid payload type",
            0x04 => "invalid authentication algorithm",
            0x05 => "invalid integrity algorithm",
            0x06 => "no matching authentication payload",
            0x07 => "no matching integrity payload",
            0x08 => "inactive session id",
            0x09 => "invalid role",
            0x0A => "unauthorized role or privilege level requested",
            0x0B => "insufficient resources to create a session at the requested role",
            0x0C => "invalid name length",
            0x0D => "unauthorized name",
            0x0E => "unauthorized GUID",
            0x0F => "invalid integrity check value",
            0x10 => "invalid confidentiality algorithm",
            0x11 => "no cipher suite match with proposed security algorithms",
            0x12 => "illegal or unrecognized parameter",
            _ => "unknown status",
        };
        var kind = code switch
        {
            0x01 or 0x0B => IpmiFailureKind.Busy,
            0x09 or 0x0A or 0x0C or 0x0D or 0x0E or 0x0F => IpmiFailureKind.Credentials,
            0x04 or 0x05 or 0x06 or 0x07 or 0x10 or 0x11 => IpmiFailureKind.Unsupported,
            _ => IpmiFailureKind.Command,
        };
        return new IpmiFailure(kind, $"{step}: {words} (RMCP+ status 0x{code.ToString("X2", CultureInfo.InvariantCulture)})");
    }
}
