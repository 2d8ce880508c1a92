using System.Buffers;
using System.Buffers.Binary;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// The frame layout: <c>[int32 little-endian length][byte kind][body]</c>, where length counts the
/// kind byte and the body.
/// </summary>
internal static class FrameFormat
{
    public const int LengthSize = sizeof(int);

    /// <summary>Length prefix plus kind byte.</summary>
    public const int HeaderSize = LengthSize + 1;

    /// <summary>
    /// A frame whose body writer threw: its header is rewritten to this kind so the stream stays
    /// parseable, and the receiver drops it without telling the handler.
    /// </summary>
    public const byte DiscardKind = 0;

    /// <summary>The first kind the transport hands to the application.</summary>
    public const byte FirstApplicationKind = (byte)FrameKind.Request;

    /// <summary>Handshake frames are small; a bigger one is not from a peer speaking this protocol.</summary>
    public const int MaxHandshakeFrameSize = 4096;

    public static void WriteHeader(Span<byte> destination, int frameLength, byte kind)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, frameLength);
        destination[LengthSize] = kind;
    }

    /// <summary>
    /// Parses the frame at the start of <paramref name="buffer"/> without copying: <paramref name="body"/>
    /// is a slice of it, and <paramref name="next"/> is where the following frame starts.
    /// </summary>
    public static FrameReadStatus TryRead(
        in ReadOnlySequence<byte> buffer,
        int maxFrameSize,
        out byte kind,
        out ReadOnlySequence<byte> body,
        out SequencePosition next,
        out int frameLength)
    {
        kind = 0;
        body = default;
        next = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadLittleEndian(out frameLength))
        {
            return FrameReadStatus.Incomplete;
        }

        if (frameLength < 1)
        {
            return FrameReadStatus.Invalid;
        }

        if (frameLength > maxFrameSize)
        {
            return FrameReadStatus.TooLarge;
        }

        if (reader.Remaining < frameLength)
        {
            return FrameReadStatus.Incomplete;
        }

        reader.TryRead(out kind);
        body = buffer.Slice(reader.Position, frameLength - 1);
        next = body.End;
        return FrameReadStatus.Frame;
    }
}
