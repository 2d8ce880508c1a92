using System.Buffers;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// Hands a <see cref="BodyWriter{TState}"/> the connection's output while counting what it writes,
/// so the length prefix can be filled in afterwards. One per connection, used under its write lock;
/// detached after each body so a writer kept by a caller cannot scribble into later frames.
/// </summary>
internal sealed class FrameBodyWriter : IBufferWriter<byte>
{
    private IBufferWriter<byte>? _inner;

    public long Written { get; private set; }

    public void Attach(IBufferWriter<byte> inner)
    {
        _inner = inner;
        Written = 0;
    }

    public void Detach() => _inner = null;

    public void Advance(int count)
    {
        Inner.Advance(count);
        Written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Inner.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Inner.GetSpan(sizeHint);

    private IBufferWriter<byte> Inner =>
        _inner ?? throw new InvalidOperationException("A frame body writer is valid only during the BodyWriter callback.");
}
