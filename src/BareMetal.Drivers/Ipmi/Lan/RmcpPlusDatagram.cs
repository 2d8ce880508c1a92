namespace BareMetal.Drivers.Ipmi.Lan;

/// <summary>A received IPMI-over-LAN datagram, split but not yet checked or decrypted.</summary>
/// <param name="PayloadType">The payload type without the encrypted and authenticated bits (IPMI v1.5 datagrams read as IPMI).</param>
/// <param name="Encrypted">Whether the payload is encrypted.</param>
/// <param name="Authenticated">Whether an integrity trailer follows the payload.</param>
/// <param name="SessionId">The session id in the header (for the BMC's datagrams: the id this side chose).</param>
/// <param name="Sequence">The session sequence number.</param>
/// <param name="Payload">The payload bytes as received.</param>
/// <param name="Covered">The bytes the integrity code covers (auth type through next header); empty without a trailer.</param>
/// <param name="IntegrityCode">The trailer's integrity code; empty without a trailer.</param>
internal sealed record RmcpPlusDatagram(
    byte PayloadType,
    bool Encrypted,
    bool Authenticated,
    uint SessionId,
    uint Sequence,
    byte[] Payload,
    byte[] Covered,
    byte[] IntegrityCode);
