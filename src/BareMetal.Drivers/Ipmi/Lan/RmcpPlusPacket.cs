using System.Buffers.Binary;
using System.Security.Cryptography;

namespace BareMetal.Drivers.Ipmi.Lan;

/// <summary>
/// Frames IPMI over LAN datagrams (IPMI v2.0, section 13): the RMCP header, then either an IPMI v1.5 session header
/// (only for Get Channel Authentication Capabilities, before any session) or an RMCP+ session header with its payload
/// and, for an active session, the integrity trailer.
/// </summary>
internal static class RmcpPlusPacket
{
    public const byte PayloadIpmi = 0x00;
    public const byte PayloadOpenSessionRequest = 0x10;
    public const byte PayloadOpenSessionResponse = 0x11;
    public const byte PayloadRakp1 = 0x12;
    public const byte PayloadRakp2 = 0x13;
    public const byte PayloadRakp3 = 0x14;
    public const byte PayloadRakp4 = 0x15;

    private const byte Encrypted = 0x80;
    private const byte Authenticated = 0x40;
    private const byte AuthTypeNone = 0x00;
    private const byte AuthTypeRmcpPlus = 0x06;

    // RMCP version 1.0, reserved, sequence 0xFF (no RMCP acknowledgement wanted), class IPMI.
    private static readonly byte[] s_rmcpHeader = [0x06, 0x00, 0xFF, 0x07];

    /// <summary>An IPMI v1.5 datagram without authentication, outside any session.</summary>
    public static byte[] Ipmi15(ReadOnlySpan<byte> message) =>
        [.. s_rmcpHeader, AuthTypeNone, 0, 0, 0, 0, 0, 0, 0, 0, (byte)message.Length, .. message];

    /// <summary>An RMCP+ datagram outside any session (session id and sequence 0): the handshake messages.</summary>
    public static byte[] PreSession(byte payloadType, ReadOnlySpan<byte> payload)
    {
        var datagram = new byte[16 + payload.Length];
        Header(datagram, payloadType, 0, 0, payload.Length);
        payload.CopyTo(datagram.AsSpan(16));
        return datagram;
    }

    /// <summary>An IPMI message in an active session: encrypted with K2, then signed with K1.</summary>
    public static byte[] Session(RmcpPlusKeys keys, uint bmcSessionId, uint sequence, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var payload = keys.Encrypt(message, RandomNumberGenerator.GetBytes(16));
        // The integrity pad makes auth type .. next header a whole number of 4-byte words.
        var padLength = (4 - ((12 + payload.Length + 2) % 4)) % 4;
        var coveredLength = 12 + payload.Length + padLength + 2;
        var datagram = new byte[4 + coveredLength + RmcpPlusKeys.IntegrityCodeLength];
        Header(datagram, PayloadIpmi | Encrypted | Authenticated, bmcSessionId, sequence, payload.Length);
        payload.CopyTo(datagram.AsSpan(16));
        var trailer = 16 + payload.Length;
        datagram.AsSpan(trailer, padLength).Fill(0xFF);
        datagram[trailer + padLength] = (byte)padLength;
        // Next header: always 07h.
        datagram[trailer + padLength + 1] = 0x07;
        keys.IntegrityCode(datagram.AsSpan(4, coveredLength)).CopyTo(datagram.AsSpan(4 + coveredLength));
        return datagram;
    }

    /// <summary>Splits a received datagram into its session fields and payload; null when it is not IPMI over RMCP.</summary>
    public static RmcpPlusDatagram? Parse(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 14 || datagram[0] != 0x06 || datagram[3] != 0x07)
        {
            return null;
        }

        if (datagram[4] == AuthTypeNone)
        {
            var length = datagram[13];
            return datagram.Length < 14 + length
                ? null
                : new RmcpPlusDatagram(PayloadIpmi, false, false, BinaryPrimitives.ReadUInt32LittleEndian(datagram[9..]), BinaryPrimitives.ReadUInt32LittleEndian(datagram[5..]), datagram.Slice(14, length).ToArray(), [], []);
        }

        if (datagram[4] != AuthTypeRmcpPlus || datagram.Length < 16)
        {
            return null;
        }

        var type = datagram[5];
        var payloadLength = BinaryPrimitives.ReadUInt16LittleEndian(datagram[14..]);
        if (datagram.Length < 16 + payloadLength)
        {
            return null;
        }

        var payload = datagram.Slice(16, payloadLength).ToArray();
        byte[] covered = [];
        byte[] code = [];
        if ((type & Authenticated) != 0)
        {
            var codeStart = datagram.Length - RmcpPlusKeys.IntegrityCodeLength;
            if (codeStart < 16 + payloadLength + 2)
            {
                return null;
            }

            covered = datagram[4..codeStart].ToArray();
            code = datagram[codeStart..].ToArray();
        }

        return new RmcpPlusDatagram(
            (byte)(type & 0x3F),
            (type & Encrypted) != 0,
            (type & Authenticated) != 0,
            BinaryPrimitives.ReadUInt32LittleEndian(datagram[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(datagram[10..]),
            payload,
            covered,
            code);
    }

    /// <summary>
    /// The IPMI message inside a datagram of an active session, once its integrity code is checked against K1 and it
    /// is decrypted with K2; null for anything else (not for this session, forged, damaged).
    /// </summary>
    public static byte[]? Open(RmcpPlusKeys keys, RmcpPlusDatagram datagram, uint consoleSessionId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(datagram);
        if (datagram.PayloadType != PayloadIpmi || !datagram.Encrypted || !datagram.Authenticated || datagram.SessionId != consoleSessionId)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(keys.IntegrityCode(datagram.Covered), datagram.IntegrityCode)
            ? keys.Decrypt(datagram.Payload)
            : null;
    }

    private static void Header(Span<byte> datagram, byte payloadType, uint sessionId, uint sequence, int payloadLength)
    {
        s_rmcpHeader.CopyTo(datagram);
        datagram[4] = AuthTypeRmcpPlus;
        datagram[5] = payloadType;
        BinaryPrimitives.WriteUInt32LittleEndian(datagram[6..], sessionId);
        BinaryPrimitives.WriteUInt32LittleEndian(datagram[10..], sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(datagram[14..], (ushort)payloadLength);
    }
}
