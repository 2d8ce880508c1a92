using System.Buffers;

namespace BareMetal.Runtime.Transport.Tests;

public sealed class FrameFormatTests
{
    [Fact]
    public void TryRead_FrameSplitAcrossSegmentsInsideTheHeader_ParsesWithoutCopyingTheBody()
    {
        byte[] frame = [6, 0, 0, 0, (byte)FrameKind.Request, 1, 2, 3, 4, 5, 9, 9];
        var buffer = Segments(frame, 2, 3, 7);

        var status = FrameFormat.TryRead(buffer, 1024, out var kind, out var body, out var next, out var length);

        Assert.Equal(FrameReadStatus.Frame, status);
        Assert.Equal((byte)FrameKind.Request, kind);
        Assert.Equal(6, length);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, body.ToArray());
        Assert.False(body.IsSingleSegment);
        Assert.Equal(new byte[] { 9, 9 }, buffer.Slice(next).ToArray());
    }

    [Fact]
    public void TryRead_PartialFrame_ReportsIncomplete()
    {
        byte[] partial = [6, 0, 0, 0, (byte)FrameKind.Request, 1, 2];

        Assert.Equal(FrameReadStatus.Incomplete, FrameFormat.TryRead(new ReadOnlySequence<byte>(partial), 1024, out _, out _, out _, out _));
        Assert.Equal(FrameReadStatus.Incomplete, FrameFormat.TryRead(new ReadOnlySequence<byte>(partial[..3]), 1024, out _, out _, out _, out _));
    }

    [Fact]
    public void TryRead_LengthOverLimit_ReportsTooLargeBeforeTheBodyArrives()
    {
        byte[] header = [0x01, 0x04, 0, 0];

        Assert.Equal(FrameReadStatus.TooLarge, FrameFormat.TryRead(new ReadOnlySequence<byte>(header), 1024, out _, out _, out _, out var length));
        Assert.Equal(1025, length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void TryRead_NonPositiveLength_ReportsInvalid(int length)
    {
        var header = BitConverter.GetBytes(length);

        Assert.Equal(FrameReadStatus.Invalid, FrameFormat.TryRead(new ReadOnlySequence<byte>(header), 1024, out _, out _, out _, out _));
    }

    [Fact]
    public void Hello_WrittenAndRead_RoundTrips()
    {
        var nonce = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var hello = new HelloMessage(1, ClusterRole.Client, HasSecret: true, nonce, "cluster-é", "client-42");
        var writer = new ArrayBufferWriter<byte>();
        hello.WriteTo(writer);

        var read = HelloMessage.TryRead(writer.WrittenSpan);

        Assert.NotNull(read);
        Assert.Equal((1, ClusterRole.Client, true, "cluster-é", "client-42"), (read.Version, read.Role, read.HasSecret, read.ClusterId, read.Identity));
        Assert.Equal(nonce, read.Nonce);
        Assert.Null(HelloMessage.TryRead(writer.WrittenSpan[..^1]));
        Assert.False(HelloMessage.TryReadPreamble("GET / HTTP/1.1"u8, out _));
    }

    private static ReadOnlySequence<byte> Segments(byte[] data, params int[] cuts)
    {
        var first = new Segment(data.AsMemory(0, cuts[0]), 0);
        var last = first;
        var start = cuts[0];
        foreach (var cut in cuts.Skip(1).Append(data.Length))
        {
            last = last.Append(data.AsMemory(start, cut - start));
            start = cut;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
