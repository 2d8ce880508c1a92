using System.Buffers;
using System.Text.Json;

namespace BareMetal.Api.Json;

/// <summary>
/// One serialization buffer and writer per thread for JSON answers: used synchronously (rented, filled, copied to
/// the response and returned with no await in between), so answers allocate no buffer of their own.
/// </summary>
internal static class JsonResponseBuffer
{
    private const int InitialBytes = 4096;

    // A rare large answer does not pin its buffer to the thread.
    private const int MaxKeptBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>An empty buffer and a writer into it that writes as <paramref name="options"/> say.</summary>
    public static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) Rent(JsonSerializerOptions options)
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(InitialBytes);
        var writer = t_writer;
        t_buffer = null;
        t_writer = null;
        if (writer is null || !Matches(writer.Options, options))
        {
            writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
            {
                Encoder = options.Encoder,
                Indented = options.WriteIndented,
                IndentCharacter = options.IndentCharacter,
                IndentSize = options.IndentSize,
                NewLine = options.NewLine,
                SkipValidation = true,
            });
        }
        else
        {
            writer.Reset(buffer);
        }

        return (buffer, writer);
    }

    /// <summary>Gives back what <see cref="Rent"/> gave, for the thread's next answer.</summary>
    public static void Return(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        if (buffer.Capacity > MaxKeptBytes)
        {
            return;
        }

        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        t_buffer = buffer;
        t_writer = writer;
    }

    private static bool Matches(JsonWriterOptions writer, JsonSerializerOptions options) =>
        writer.Encoder == options.Encoder
        && writer.Indented == options.WriteIndented
        && writer.IndentCharacter == options.IndentCharacter
        && writer.IndentSize == options.IndentSize
        && writer.NewLine == options.NewLine;
}
