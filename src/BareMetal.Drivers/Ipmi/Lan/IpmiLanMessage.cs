namespace BareMetal.Drivers.Ipmi.Lan;

/// <summary>
/// An IPMI request or response as it travels over LAN (IPMI v2.0, section 13.8): responder and requester addresses,
/// network function, sequence, command and data, each half closed by a two's-complement checksum.
/// </summary>
internal static class IpmiLanMessage
{
    /// <summary>The BMC's responder address on the IPMB.</summary>
    public const byte BmcAddress = 0x20;

    /// <summary>A remote console's software id (the value ipmitool and the spec's examples use).</summary>
    public const byte ConsoleAddress = 0x81;

    /// <summary>Encodes a request to the BMC (LUN 0). <paramref name="sequence"/> is 6 bits; it matches the answer to the request.</summary>
    public static byte[] Request(byte netFn, byte command, byte sequence, ReadOnlySpan<byte> data)
    {
        var message = new byte[7 + data.Length];
        message[0] = BmcAddress;
        message[1] = (byte)(netFn << 2);
        message[2] = Checksum(message.AsSpan(0, 2));
        message[3] = ConsoleAddress;
        message[4] = (byte)((sequence & 0x3F) << 2);
        message[5] = command;
        data.CopyTo(message.AsSpan(6));
        message[^1] = Checksum(message.AsSpan(3, message.Length - 4));
        return message;
    }

    /// <summary>
    /// Reads the BMC's answer to (<paramref name="netFn"/>, <paramref name="command"/>, <paramref name="sequence"/>):
    /// the completion code and the data after it. Null when the bytes are not that answer (a late answer to an
    /// earlier request, or damaged bytes), which the caller ignores.
    /// </summary>
    public static IpmiResponse? Response(ReadOnlySpan<byte> message, byte netFn, byte command, byte sequence)
    {
        if (message.Length < 8
            || Checksum(message[..2]) != message[2]
            || Checksum(message[3..^1]) != message[^1]
            || message[1] >> 2 != (netFn | 1)
            || message[4] >> 2 != (sequence & 0x3F)
            || message[5] != command)
        {
            return null;
        }

        return new IpmiResponse(message[6], message[7..^1].ToArray());
    }

    /// <summary>The byte that makes the sum of <paramref name="bytes"/> and itself zero (mod 256).</summary>
    public static byte Checksum(ReadOnlySpan<byte> bytes)
    {
        var sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }

        return (byte)(-sum & 0xFF);
    }
}
