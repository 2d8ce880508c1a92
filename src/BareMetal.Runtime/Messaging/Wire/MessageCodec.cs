using System.Buffers;
using System.Text.Json;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Invocation;
using BareMetal.Runtime.Manifest;
using BareMetal.Runtime.Serialization;

namespace BareMetal.Runtime.Messaging.Wire;

/// <summary>
/// Writes and reads the bodies of Request and Response frames. Arguments are serialized one by one
/// with their declared types (from the generated request), results with the method's result type,
/// all through the silo's one serializer. Deadlines travel as time remaining, since clocks differ
/// between hosts.
/// </summary>
internal sealed class MessageCodec(RuntimeSerializer serializer, GrainTypeManifest manifest)
{
    public const byte ResultStatus = 0;
    public const byte ExceptionStatus = 1;

    private const byte ContextString = 1;
    private const byte ContextLong = 2;
    private const byte ContextDouble = 3;
    private const byte ContextBool = 4;
    private const byte ContextJson = 5;

    public RuntimeSerializer Serializer => serializer;

    public void WriteRequest(IBufferWriter<byte> output, long messageId, Message message, int forwardCount)
    {
        var request = message.Request ?? throw new InvalidOperationException("Timer ticks never cross the network.");
        var writer = new WireWriter(output);
        writer.WriteInt64(messageId);
        writer.WriteString(message.Target.Type);
        writer.WriteString(message.Target.Key);
        writer.WriteString(request.Interface.Name);
        writer.WriteInt32(request.MethodId);
        writer.WriteByte(message.IsOneWay ? (byte)1 : (byte)0);
        writer.WriteInt64(message.DeadlineMs == long.MaxValue ? -1 : Math.Max(0, message.DeadlineMs - Environment.TickCount64));
        writer.WriteInt32(forwardCount);
        writer.WriteString(message.TraceParent);
        writer.WriteString(message.TraceState);

        var chainLength = 0;
        for (var entry = message.CallChain; entry is not null; entry = entry.Next)
        {
            chainLength++;
        }

        writer.WriteInt32(chainLength);
        for (var entry = message.CallChain; entry is not null; entry = entry.Next)
        {
            writer.WriteString(entry.GrainId.Type);
            writer.WriteString(entry.GrainId.Key);
            writer.WriteInt64(entry.MessageId);
        }

        var context = message.Context?.Entries ?? [];
        writer.WriteInt32(context.Count);
        foreach (var (key, value) in context)
        {
            writer.WriteString(key);
            WriteContextValue(ref writer, value);
        }

        writer.WriteInt32(request.ArgumentCount);
        for (var i = 0; i < request.ArgumentCount; i++)
        {
            writer.WriteBytes(JsonSerializer.SerializeToUtf8Bytes(request.GetArgument(i), request.GetArgumentType(i), serializer.Options));
        }
    }

    public WireRequest ReadRequest(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        var messageId = reader.ReadInt64();
        var target = new GrainId(reader.ReadRequiredString(), reader.ReadRequiredString());
        var interfaceName = reader.ReadRequiredString();
        var methodId = reader.ReadInt32();
        var oneWay = reader.ReadByte() == 1;
        var remainingMs = reader.ReadInt64();
        var forwardCount = reader.ReadInt32();
        var traceParent = reader.ReadString();
        var traceState = reader.ReadString();

        var chainLength = reader.ReadInt32();
        var links = new (GrainId Grain, long MessageId)[chainLength];
        for (var i = 0; i < chainLength; i++)
        {
            links[i] = (new GrainId(reader.ReadRequiredString(), reader.ReadRequiredString()), reader.ReadInt64());
        }

        CallChainEntry? chain = null;
        for (var i = chainLength - 1; i >= 0; i--)
        {
            chain = new CallChainEntry(links[i].Grain, links[i].MessageId, chain);
        }

        var contextCount = reader.ReadInt32();
        RequestContextValues? context = null;
        if (contextCount > 0)
        {
            var entries = new List<KeyValuePair<string, object>>(contextCount);
            for (var i = 0; i < contextCount; i++)
            {
                var key = reader.ReadRequiredString();
                entries.Add(new(key, ReadContextValue(ref reader)));
            }

            context = new RequestContextValues(entries);
        }

        if (!manifest.TryGetInterface(interfaceName, out var registration))
        {
            throw new InvalidDataException($"Unknown grain interface '{interfaceName}': this silo was built without it.");
        }

        var request = registration.Info.CreateRequest(methodId);
        var argumentCount = reader.ReadInt32();
        if (argumentCount != request.ArgumentCount)
        {
            throw new InvalidDataException($"{request} takes {request.ArgumentCount} arguments but the message has {argumentCount}: the silos run different builds of {interfaceName}.");
        }

        for (var i = 0; i < argumentCount; i++)
        {
            request.SetArgument(i, JsonSerializer.Deserialize(reader.ReadBytes(), request.GetArgumentType(i), serializer.Options));
        }

        return new WireRequest(messageId, target, request, remainingMs, forwardCount, traceParent, traceState, chain, context, oneWay);
    }

    public void WriteResult(IBufferWriter<byte> output, long messageId, SiloAddress? activationSilo, object? result, Type resultType)
    {
        var writer = new WireWriter(output);
        writer.WriteInt64(messageId);
        writer.WriteByte(ResultStatus);
        writer.WriteString(activationSilo?.ToString());
        writer.WriteBytes(resultType == typeof(void) ? [] : JsonSerializer.SerializeToUtf8Bytes(result, resultType, serializer.Options));
    }

    public static void WriteRawResult(IBufferWriter<byte> output, long messageId, SiloAddress? activationSilo, ReadOnlySpan<byte> resultJson)
    {
        var writer = new WireWriter(output);
        writer.WriteInt64(messageId);
        writer.WriteByte(ResultStatus);
        writer.WriteString(activationSilo?.ToString());
        writer.WriteBytes(resultJson);
    }

    public static void WriteException(IBufferWriter<byte> output, long messageId, SiloAddress? activationSilo, Exception exception)
    {
        var writer = new WireWriter(output);
        writer.WriteInt64(messageId);
        writer.WriteByte(ExceptionStatus);
        writer.WriteString(activationSilo?.ToString());
        ExceptionCodec.Write(ref writer, exception);
    }

    /// <summary>Reads a response: the pending call id, where the grain lives, and either the result JSON or the exception.</summary>
    public static (long MessageId, SiloAddress? ActivationSilo, byte[]? ResultJson, Exception? Exception) ReadResponse(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        var messageId = reader.ReadInt64();
        var status = reader.ReadByte();
        var silo = reader.ReadString() is { } text ? SiloAddress.Parse(text) : null;
        return status == ResultStatus
            ? (messageId, silo, reader.ReadBytes().ToArray(), null)
            : (messageId, silo, null, ExceptionCodec.Read(ref reader));
    }

    private void WriteContextValue(ref WireWriter writer, object value)
    {
        switch (value)
        {
            case string text:
                writer.WriteByte(ContextString);
                writer.WriteString(text);
                break;
            case int or long or short or byte:
                writer.WriteByte(ContextLong);
                writer.WriteInt64(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double or float:
                writer.WriteByte(ContextDouble);
                writer.WriteInt64(BitConverter.DoubleToInt64Bits(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case bool flag:
                writer.WriteByte(ContextBool);
                writer.WriteByte(flag ? (byte)1 : (byte)0);
                break;
            default:
                writer.WriteByte(ContextJson);
                writer.WriteBytes(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), serializer.Options));
                break;
        }
    }

    private static object ReadContextValue(ref WireReader reader) => reader.ReadByte() switch
    {
        ContextString => reader.ReadRequiredString(),
        ContextLong => reader.ReadInt64(),
        ContextDouble => BitConverter.Int64BitsToDouble(reader.ReadInt64()),
        ContextBool => reader.ReadByte() == 1,
        ContextJson => System.Text.Encoding.UTF8.GetString(reader.ReadBytes()),
        var tag => throw new InvalidDataException($"Unknown request context value tag {tag}."),
    };
}
