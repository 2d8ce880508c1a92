namespace BareMetal.Drivers.Ipmi.Lan;

/// <summary>
/// The values both sides of an RMCP+ handshake know once RAKP message 2 arrived; every authentication code and key
/// of the session is an HMAC over some of them.
/// </summary>
/// <param name="ConsoleSessionId">SIDm: the session id this side chose (the BMC puts it in what it sends).</param>
/// <param name="BmcSessionId">SIDc: the session id the BMC chose (this side puts it in what it sends).</param>
/// <param name="ConsoleRandom">Rm: 16 random bytes of this side.</param>
/// <param name="BmcRandom">Rc: 16 random bytes of the BMC.</param>
/// <param name="BmcGuid">GUIDc: the BMC's GUID, as RAKP message 2 carries it.</param>
/// <param name="Role">RoleM: the requested privilege level with the lookup bit, as sent in RAKP message 1.</param>
/// <param name="UserName">UNameM: the user name's bytes (at most 16).</param>
internal sealed record RakpExchange(
    uint ConsoleSessionId,
    uint BmcSessionId,
    byte[] ConsoleRandom,
    byte[] BmcRandom,
    byte[] BmcGuid,
    byte Role,
    byte[] UserName);
