using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace BareMetal.Drivers.Ipmi.Lan;

/// <summary>
/// One RMCP+ session with one BMC over UDP (IPMI v2.0, section 13): opened with Get Channel Authentication
/// Capabilities, Open Session, RAKP 1 to 4 and Set Session Privilege Level, then carrying encrypted, signed IPMI
/// requests one at a time (callers hold <see cref="Lock"/>). Each exchange is sent again after
/// <see cref="RetransmitInterval"/>, then after twice as long each time, until it is answered or the caller's token
/// ends it, since UDP may lose either half.
/// </summary>
internal sealed class IpmiLanSession(IpmiLanTarget target) : IDisposable
{
    /// <summary>How long to wait for a first answer before sending a request again (ipmitool's lanplus default, too).</summary>
    public static readonly TimeSpan RetransmitInterval = TimeSpan.FromSeconds(1);

    private const byte NetFnApp = 0x06;
    private const byte GetChannelAuthCapabilities = 0x38;
    private const byte SetSessionPrivilegeLevel = 0x3B;
    private const byte CloseSessionCommand = 0x3C;
    private const byte UserPrivilege = 2;

    // RAKP message 1's lookup bit: find the user by name only, then check the requested level against its limit (as ipmitool does).
    private const byte NameOnlyLookup = 0x10;

    private Socket? _socket;
    private RmcpPlusKeys? _keys;
    private uint _consoleSessionId;
    private uint _bmcSessionId;
    private uint _sequence;
    private byte _requestSequence;
    private byte _tag;
    private long _powerReadsSent;

    /// <summary>Held by whoever uses the session: one exchange at a time keeps sequence numbers and answers simple.</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    /// <summary>The BMC and user of this session.</summary>
    public IpmiLanTarget Target { get; } = target;

    /// <summary>Whether the handshake completed and the session has not been dropped since.</summary>
    public bool IsOpen => _keys is not null;

    /// <summary>When an exchange last got an answer (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long LastAnswered { get; private set; }

    /// <summary>How many power reads were sent in this session's life (for <see cref="LastPowerRead"/>); read without the lock.</summary>
    public long PowerReadsSent => Interlocked.Read(ref _powerReadsSent);

    /// <summary>The last power read's number (of <see cref="PowerReadsSent"/>, when it was sent) and its answer; set under the lock.</summary>
    public (long Number, bool On)? LastPowerRead { get; private set; }

    /// <summary>Runs the handshake; throws <see cref="IpmiLanException"/> when the BMC refuses it.</summary>
    public async Task OpenAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Drop();
        var endpoint = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket = socket;
        await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        var privilege = Target.PrivilegeLevel;

        // Channel 0Eh is "this channel"; bit 7 asks for the IPMI v2.0 part of the answer.
        var rq = NextRequestSequence();
        var capabilities = await ExchangeAsync(
            () => RmcpPlusPacket.Ipmi15(IpmiLanMessage.Request(NetFnApp, GetChannelAuthCapabilities, rq, [0x8E, privilege])),
            d => RmcpPlusPacket.Parse(d) is { PayloadType: RmcpPlusPacket.PayloadIpmi, Encrypted: false } p
                ? IpmiLanMessage.Response(p.Payload, NetFnApp, GetChannelAuthCapabilities, rq)
                : null,
            cancellationToken).ConfigureAwait(false);
        CheckCapabilities(capabilities);

        var tag = _tag++;
        _consoleSessionId = NonZeroRandom();
        byte[] openRequest =
        [
            tag, privilege, 0, 0, .. RmcpPlusKeys.LittleEndian(_consoleSessionId),
            // Cipher suite 3: authentication RAKP-HMAC-SHA1 (1), integrity HMAC-SHA1-96 (1), confidentiality AES-CBC-128 (1).
            0x00, 0, 0, 0x08, 0x01, 0, 0, 0,
            0x01, 0, 0, 0x08, 0x01, 0, 0, 0,
            0x02, 0, 0, 0x08, 0x01, 0, 0, 0,
        ];
        var open = await HandshakeAsync(RmcpPlusPacket.PayloadOpenSessionRequest, openRequest, RmcpPlusPacket.PayloadOpenSessionResponse, tag, "Open Session", 36, cancellationToken).ConfigureAwait(false);
        if (open[16] != 0x01 || open[24] != 0x01 || open[32] != 0x01)
        {
            throw new IpmiLanException(new IpmiFailure(IpmiFailureKind.Unsupported, "Open Session: the BMC chose other algorithms than cipher suite 3"));
        }

        CheckConsoleSessionId(open, "Open Session");
        var bmcSessionId = BinaryPrimitives.ReadUInt32LittleEndian(open.AsSpan(8));

        tag = _tag++;
        var consoleRandom = RandomNumberGenerator.GetBytes(16);
        var role = (byte)(privilege | NameOnlyLookup);
        // The bytes ipmitool would send for the same -U argument.
        var user = Encoding.UTF8.GetBytes(Target.UserName);
        byte[] rakp1 = [tag, 0, 0, 0, .. RmcpPlusKeys.LittleEndian(bmcSessionId), .. consoleRandom, role, 0, 0, (byte)user.Length, .. user];
        var rakp2 = await HandshakeAsync(RmcpPlusPacket.PayloadRakp1, rakp1, RmcpPlusPacket.PayloadRakp2, tag, "RAKP 2", 60, cancellationToken).ConfigureAwait(false);
        CheckConsoleSessionId(rakp2, "RAKP 2");
        var exchange = new RakpExchange(_consoleSessionId, bmcSessionId, consoleRandom, rakp2[8..24], rakp2[24..40], role, user);
        var userKey = Encoding.UTF8.GetBytes(Target.Password);
        if (!CryptographicOperations.FixedTimeEquals(RmcpPlusKeys.Rakp2AuthCode(userKey, exchange), rakp2.AsSpan(40, 20)))
        {
            // Tell the BMC, so it frees the half-open session at once instead of at its timeout.
            byte[] refusal = [_tag++, 0x0F, 0, 0, .. RmcpPlusKeys.LittleEndian(bmcSessionId)];
            await SendIgnoringRefusalAsync(socket, RmcpPlusPacket.PreSession(RmcpPlusPacket.PayloadRakp3, refusal), cancellationToken).ConfigureAwait(false);
            throw new IpmiLanException(new IpmiFailure(IpmiFailureKind.Credentials, "RAKP 2 HMAC is invalid: the BMC's proof does not match ipmi_password"));
        }

        var keys = RmcpPlusKeys.Derive(userKey, exchange);
        tag = _tag++;
        byte[] rakp3 = [tag, 0, 0, 0, .. RmcpPlusKeys.LittleEndian(bmcSessionId), .. RmcpPlusKeys.Rakp3AuthCode(userKey, exchange)];
        var rakp4 = await HandshakeAsync(RmcpPlusPacket.PayloadRakp3, rakp3, RmcpPlusPacket.PayloadRakp4, tag, "RAKP 4", 20, cancellationToken).ConfigureAwait(false);
        CheckConsoleSessionId(rakp4, "RAKP 4");
        if (!CryptographicOperations.FixedTimeEquals(keys.Rakp4IntegrityCheck(exchange), rakp4.AsSpan(8, RmcpPlusKeys.IntegrityCodeLength)))
        {
            throw new IpmiLanException(new IpmiFailure(IpmiFailureKind.Credentials, "RAKP 4 integrity check failed: the BMC derived other session keys (is a BMC key, Kg, set?)"));
        }

        _keys = keys;
        _bmcSessionId = bmcSessionId;
        _sequence = 0;
        LastAnswered = clock.GetTimestamp();

        // A session starts at User level; ipmi_priv_level is asked for explicitly (ipmitool does the same).
        if (privilege > UserPrivilege)
        {
            var raised = await SendAsync(NetFnApp, SetSessionPrivilegeLevel, [privilege], clock, cancellationToken).ConfigureAwait(false);
            if (raised.CompletionCode != 0)
            {
                Drop();
                throw new IpmiLanException(new IpmiFailure(
                    raised.CompletionCode is 0x80 or 0x81 or 0xD4 ? IpmiFailureKind.Credentials : IpmiFailureKind.Command,
                    $"Set Session Privilege Level: the BMC refused privilege level {privilege} (completion code 0x{raised.CompletionCode.ToString("X2", CultureInfo.InvariantCulture)})"));
            }
        }
    }

    /// <summary>Numbers a power read about to be sent; <see cref="RecordPowerRead"/> keeps its answer under that number.</summary>
    public long StartPowerRead() => Interlocked.Increment(ref _powerReadsSent);

    /// <summary>Keeps the answer of power read <paramref name="number"/> for the reads that waited while it was on its way.</summary>
    public void RecordPowerRead(long number, bool on) => LastPowerRead = (number, on);

    /// <summary>Sends one IPMI request in the session and returns the BMC's answer.</summary>
    public async Task<IpmiResponse> SendAsync(byte netFn, byte command, byte[] data, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var keys = _keys ?? throw new InvalidOperationException("The session is not open.");
        var rq = NextRequestSequence();
        var message = IpmiLanMessage.Request(netFn, command, rq, data);
        var response = await ExchangeAsync(
            // Every transmission takes the next sequence number: the BMC rejects a number it has seen.
            () => RmcpPlusPacket.Session(keys, _bmcSessionId, NextSequence(), message),
            d => RmcpPlusPacket.Parse(d) is { } p && RmcpPlusPacket.Open(keys, p, _consoleSessionId) is { } m
                ? IpmiLanMessage.Response(m, netFn, command, rq)
                : null,
            cancellationToken).ConfigureAwait(false);
        LastAnswered = clock.GetTimestamp();
        return response;
    }

    /// <summary>Ends the session at the BMC (Close Session), then forgets it; failures are ignored (the BMC times it out).</summary>
    public async Task CloseAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IsOpen)
        {
            try
            {
                await SendAsync(NetFnApp, CloseSessionCommand, RmcpPlusKeys.LittleEndian(_bmcSessionId), clock, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // The BMC did not answer in time: its own inactivity timeout ends the session.
            }
        }

        Drop();
    }

    /// <summary>Forgets the session without telling the BMC (it did not answer) and closes the socket, so late answers go nowhere.</summary>
    public void Drop()
    {
        _keys = null;
        LastPowerRead = null;
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose()
    {
        Drop();
        Lock.Dispose();
    }

    private static void CheckCapabilities(IpmiResponse capabilities)
    {
        if (capabilities.CompletionCode != 0)
        {
            throw new IpmiLanException(new IpmiFailure(
                IpmiFailureKind.Command,
                $"Get Channel Authentication Capabilities: completion code 0x{capabilities.CompletionCode.ToString("X2", CultureInfo.InvariantCulture)}"));
        }

        // Byte 2 bit 7: IPMI v2.0 extended capabilities present; byte 4 bit 1: the channel takes IPMI v2.0 (RMCP+) sessions.
        if (capabilities.Data.Length < 4 || (capabilities.Data[1] & 0x80) == 0 || (capabilities.Data[3] & 0x02) == 0)
        {
            throw new IpmiLanException(new IpmiFailure(IpmiFailureKind.Unsupported, "the BMC does not offer IPMI v2.0 (RMCP+) sessions"));
        }
    }

    private static uint NonZeroRandom()
    {
        uint value;
        do
        {
            value = BinaryPrimitives.ReadUInt32LittleEndian(RandomNumberGenerator.GetBytes(4));
        }
        while (value == 0);
        return value;
    }

    private void CheckConsoleSessionId(byte[] payload, string step)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(4)) != _consoleSessionId)
        {
            throw new IpmiLanException(new IpmiFailure(IpmiFailureKind.Command, $"{step}: the BMC answered for another session"));
        }
    }

    // One handshake step: the answer of the expected type and tag, long enough, with status 0; else the BMC's refusal.
    private async Task<byte[]> HandshakeAsync(byte type, byte[] payload, byte answerType, byte tag, string step, int length, CancellationToken cancellationToken)
    {
        var answer = await ExchangeAsync(
            () => RmcpPlusPacket.PreSession(type, payload),
            d => RmcpPlusPacket.Parse(d) is { } p && p.PayloadType == answerType && p.Payload.Length >= 2 && p.Payload[0] == tag ? p.Payload : null,
            cancellationToken).ConfigureAwait(false);
        if (answer[1] != 0)
        {
            throw new IpmiLanException(RmcpPlusStatus.Failure(step, answer[1]));
        }

        return answer.Length >= length
            ? answer
            : throw new IpmiLanException(new IpmiFailure(IpmiFailureKind.Command, $"{step}: the BMC's answer is {answer.Length} bytes, shorter than {length}"));
    }

    // Sends, then reads datagrams until one is accepted, sending again after RetransmitInterval, then twice as long
    // each time: a BMC that is only slow (busy) is not handed every request again and again, which would make it
    // slower still. The caller's token bounds it all. Datagrams that are not the answer (late answers to an earlier
    // try, noise) are skipped.
    private async Task<T> ExchangeAsync<T>(Func<byte[]> datagram, Func<byte[], T?> accept, CancellationToken cancellationToken)
        where T : class
    {
        var socket = _socket ?? throw new InvalidOperationException("The session has no socket.");
        var buffer = new byte[1024];
        var patience = RetransmitInterval;
        while (true)
        {
            await SendIgnoringRefusalAsync(socket, datagram(), cancellationToken).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(patience);
            patience *= 2;
            try
            {
                while (true)
                {
                    int received;
                    try
                    {
                        received = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token).ConfigureAwait(false);
                    }
                    catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
                    {
                        // An ICMP "port unreachable" for an earlier datagram: nothing listens now, but a BMC that is
                        // starting may answer the next one, so keep trying until the caller's deadline, as ipmitool does.
                        continue;
                    }

                    if (accept(buffer[..received]) is { } answer)
                    {
                        return answer;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No answer within the retransmit interval: send again.
            }
        }
    }

    // A connected UDP socket reports an earlier ICMP "port unreachable" on its next send, too.
    private static async Task SendIgnoringRefusalAsync(Socket socket, byte[] datagram, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendAsync(datagram, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            // Lost like any other datagram; the exchange sends again.
        }
    }

    private async Task<IPEndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(Target.Address, out var address))
        {
            return new IPEndPoint(address, Target.Port);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(Target.Address, cancellationToken).ConfigureAwait(false);
            return new IPEndPoint(addresses[0], Target.Port);
        }
        catch (Exception e) when (e is SocketException or IndexOutOfRangeException)
        {
            throw new IpmiLanException(new IpmiFailure(IpmiFailureKind.Command, $"cannot resolve the BMC's host name {Target.Address}"));
        }
    }

    private byte NextRequestSequence()
    {
        _requestSequence = (byte)((_requestSequence + 1) & 0x3F);
        return _requestSequence;
    }

    // Zero marks datagrams outside a session, so the count skips it when it wraps.
    private uint NextSequence()
    {
        _sequence = _sequence == uint.MaxValue ? 1 : _sequence + 1;
        return _sequence;
    }
}
