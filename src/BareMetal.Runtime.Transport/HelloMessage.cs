using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// The hello body: <c>[magic u32][version u16]</c>, then in version 1
/// <c>[role u8][flags u8][nonce 32][cluster id: u16 length + UTF-8][identity: u16 length + UTF-8]</c>.
/// Magic and version stay first in every version so any two builds can tell they disagree.
/// </summary>
internal sealed record HelloMessage(int Version, ClusterRole Role, bool HasSecret, byte[] Nonce, string ClusterId, string Identity)
{
    public const int NonceSize = 32;

    /// <summary>"BMCT" in ASCII, read as a little-endian u32.</summary>
    public const uint Magic = 0x54434D42;

    public const int MaxIdentityBytes = 1024;

    private const int PreambleSize = sizeof(uint) + sizeof(ushort);
    private const byte HasSecretFlag = 0x01;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public void WriteTo(IBufferWriter<byte> writer)
    {
        var fixedPart = writer.GetSpan(PreambleSize + 2 + NonceSize);
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[4..], checked((ushort)Version));
        fixedPart[6] = (byte)Role;
        fixedPart[7] = HasSecret ? HasSecretFlag : (byte)0;
        Nonce.CopyTo(fixedPart[8..]);
        writer.Advance(PreambleSize + 2 + NonceSize);
        WriteString(writer, ClusterId);
        WriteString(writer, Identity);
    }

    /// <summary>Reads magic and version only, which every version of the protocol can do.</summary>
    public static bool TryReadPreamble(ReadOnlySpan<byte> body, out int version)
    {
        version = 0;
        if (body.Length < PreambleSize || BinaryPrimitives.ReadUInt32LittleEndian(body) != Magic)
        {
            return false;
        }

        version = BinaryPrimitives.ReadUInt16LittleEndian(body[4..]);
        return true;
    }

    /// <summary>Reads a version-1 hello; <see langword="null"/> when malformed.</summary>
    public static HelloMessage? TryRead(ReadOnlySpan<byte> body)
    {
        if (!TryReadPreamble(body, out var version) || body.Length < PreambleSize + 2 + NonceSize)
        {
            return null;
        }

        var role = (ClusterRole)body[6];
        if (role is not (ClusterRole.Silo or ClusterRole.Client))
        {
            return null;
        }

        var hasSecret = (body[7] & HasSecretFlag) != 0;
        var nonce = body.Slice(8, NonceSize).ToArray();
        var rest = body[(PreambleSize + 2 + NonceSize)..];
        if (!TryReadString(ref rest, out var clusterId) || !TryReadString(ref rest, out var identity) || !rest.IsEmpty)
        {
            return null;
        }

        return new HelloMessage(version, role, hasSecret, nonce, clusterId, identity);
    }

    internal static void WriteString(IBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = writer.GetSpan(sizeof(ushort) + length);
        BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)length));
        Encoding.UTF8.GetBytes(value, span[sizeof(ushort)..]);
        writer.Advance(sizeof(ushort) + length);
    }

    private static bool TryReadString(ref ReadOnlySpan<byte> source, out string value)
    {
        value = string.Empty;
        if (source.Length < sizeof(ushort))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(source);
        if (source.Length < sizeof(ushort) + length)
        {
            return false;
        }

        try
        {
            value = StrictUtf8.GetString(source.Slice(sizeof(ushort), length));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        source = source[(sizeof(ushort) + length)..];
        return true;
    }
}
