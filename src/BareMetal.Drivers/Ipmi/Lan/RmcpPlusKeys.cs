using System.Security.Cryptography;

namespace BareMetal.Drivers.Ipmi.Lan;

/// <summary>
/// The keys and authentication codes of an RMCP+ session with cipher suite 3 (IPMI v2.0, sections 13.31 and 13.32):
/// RAKP-HMAC-SHA1 authentication, HMAC-SHA1-96 integrity, AES-CBC-128 confidentiality. The user key (Kuid) is the
/// password; BMCs without a BMC key (Kg) use Kuid in its place, which is the only mode supported here.
/// </summary>
internal sealed class RmcpPlusKeys
{
    /// <summary>HMAC-SHA1-96: the integrity code is the first 12 bytes of the HMAC.</summary>
    public const int IntegrityCodeLength = 12;

    /// <summary>AES-128: the first 16 bytes of K2 are the key.</summary>
    public const int ConfidentialityKeyLength = 16;

    private static readonly byte[] s_constant1 = Enumerable.Repeat((byte)0x01, 20).ToArray();
    private static readonly byte[] s_constant2 = Enumerable.Repeat((byte)0x02, 20).ToArray();

    private RmcpPlusKeys(byte[] sik, byte[] k1, byte[] k2)
    {
        SessionIntegrityKey = sik;
        K1 = k1;
        K2 = k2;
    }

    /// <summary>SIK: HMAC(Kg, Rm | Rc | RoleM | ULengthM | UNameM).</summary>
    public byte[] SessionIntegrityKey { get; }

    /// <summary>K1 = HMAC(SIK, 0x01 x 20): the integrity key.</summary>
    public byte[] K1 { get; }

    /// <summary>K2 = HMAC(SIK, 0x02 x 20): its first 16 bytes are the AES key.</summary>
    public byte[] K2 { get; }

    /// <summary>Derives SIK, K1 and K2 from the handshake's values.</summary>
    public static RmcpPlusKeys Derive(ReadOnlySpan<byte> userKey, RakpExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        byte[] data = [.. exchange.ConsoleRandom, .. exchange.BmcRandom, exchange.Role, (byte)exchange.UserName.Length, .. exchange.UserName];
        var sik = HMACSHA1.HashData(userKey, data);
        return new RmcpPlusKeys(sik, HMACSHA1.HashData(sik, s_constant1), HMACSHA1.HashData(sik, s_constant2));
    }

    /// <summary>What RAKP message 2 must carry: HMAC(Kuid, SIDm | SIDc | Rm | Rc | GUIDc | RoleM | ULengthM | UNameM).</summary>
    public static byte[] Rakp2AuthCode(ReadOnlySpan<byte> userKey, RakpExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        byte[] data =
        [
            .. LittleEndian(exchange.ConsoleSessionId), .. LittleEndian(exchange.BmcSessionId), .. exchange.ConsoleRandom, .. exchange.BmcRandom,
            .. exchange.BmcGuid, exchange.Role, (byte)exchange.UserName.Length, .. exchange.UserName,
        ];
        return HMACSHA1.HashData(userKey, data);
    }

    /// <summary>What RAKP message 3 carries: HMAC(Kuid, Rc | SIDm | RoleM | ULengthM | UNameM).</summary>
    public static byte[] Rakp3AuthCode(ReadOnlySpan<byte> userKey, RakpExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        byte[] data = [.. exchange.BmcRandom, .. LittleEndian(exchange.ConsoleSessionId), exchange.Role, (byte)exchange.UserName.Length, .. exchange.UserName];
        return HMACSHA1.HashData(userKey, data);
    }

    /// <summary>What RAKP message 4 must carry: the first 12 bytes of HMAC(SIK, Rm | SIDc | GUIDc).</summary>
    public byte[] Rakp4IntegrityCheck(RakpExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        byte[] data = [.. exchange.ConsoleRandom, .. LittleEndian(exchange.BmcSessionId), .. exchange.BmcGuid];
        return HMACSHA1.HashData(SessionIntegrityKey, data)[..IntegrityCodeLength];
    }

    /// <summary>HMAC-SHA1-96 of a session packet's covered bytes (auth type through next header).</summary>
    public byte[] IntegrityCode(ReadOnlySpan<byte> covered) => HMACSHA1.HashData(K1, covered)[..IntegrityCodeLength];

    /// <summary>
    /// AES-CBC-128 payload: a fresh IV, then the message with the confidentiality trailer (pad bytes 1, 2, 3...,
    /// then the pad length) so that it fills whole 16-byte blocks.
    /// </summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plain, ReadOnlySpan<byte> iv)
    {
        var padLength = (16 - ((plain.Length + 1) % 16)) % 16;
        var block = new byte[plain.Length + padLength + 1];
        plain.CopyTo(block);
        for (var i = 1; i <= padLength; i++)
        {
            block[plain.Length + i - 1] = (byte)i;
        }

        block[^1] = (byte)padLength;
        using var aes = Aes.Create();
        aes.Key = K2[..ConfidentialityKeyLength];
        return [.. iv, .. aes.EncryptCbc(block, iv, PaddingMode.None)];
    }

    /// <summary>Reverses <see cref="Encrypt"/>; null when the payload is not whole blocks or its trailer is malformed.</summary>
    public byte[]? Decrypt(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 32 || payload.Length % 16 != 0)
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = K2[..ConfidentialityKeyLength];
        var block = aes.DecryptCbc(payload[16..], payload[..16], PaddingMode.None);
        var padLength = block[^1];
        if (padLength > 15 || padLength + 1 > block.Length)
        {
            return null;
        }

        for (var i = 1; i <= padLength; i++)
        {
            if (block[block.Length - 1 - padLength + i - 1] != i)
            {
                return null;
            }
        }

        return block[..(block.Length - 1 - padLength)];
    }

    internal static byte[] LittleEndian(uint value) => [(byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24)];
}
