using System.Buffers.Binary;
using System.Text;

namespace BareMetal.Runtime.Messaging.Wire;

/// <summary>Reads what <see cref="WireWriter"/> wrote; throws <see cref="InvalidDataException"/> on a truncated body.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> input)
{
    private ReadOnlySpan<byte> _input = input;

    public readonly bool AtEnd => _input.IsEmpty;

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public string? ReadString()
    {
        var length = ReadInt32();
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    public string ReadRequiredString() => ReadString() ?? throw new InvalidDataException("A required string field is null.");

    public ReadOnlySpan<byte> ReadBytes() => Take(ReadInt32());

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _input.Length)
        {
            throw new InvalidDataException($"Message body truncated: needed {count} bytes, {_input.Length} left.");
        }

        var taken = _input[..count];
        _input = _input[count..];
        return taken;
    }
}
