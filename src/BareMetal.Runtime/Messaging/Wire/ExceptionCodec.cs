using System.Reflection;

namespace BareMetal.Runtime.Messaging.Wire;

/// <summary>
/// Carries exceptions across processes: the runtime's own exceptions with all their fields, other
/// types by name and message (rebuilt through their (string) constructor when the type is known
/// here), always with the remote stack trace and the grain id in <see cref="Exception.Data"/>.
/// </summary>
internal static class ExceptionCodec
{
    public const string RemoteStackTraceDataKey = "BareMetal.RemoteStackTrace";

    private enum Kind : byte
    {
        Other = 0,
        Overloaded = 1,
        Timeout = 2,
        Deadlock = 3,
        Inconsistent = 4,
        Activation = 5,
        SiloUnavailable = 6,
        Cancelled = 7,
    }

    public static void Write(ref WireWriter writer, Exception exception)
    {
        var type = exception.GetType();
        writer.WriteString($"{type.FullName}, {type.Assembly.GetName().Name}");
        writer.WriteString(exception.Message);
        writer.WriteString(exception.StackTrace);
        writer.WriteString(exception.Data[Messaging.GrainIdData.Key] as string);
        switch (exception)
        {
            case GrainOverloadedException overloaded:
                writer.WriteByte((byte)Kind.Overloaded);
                writer.WriteString(overloaded.GrainId.ToString());
                writer.WriteInt32(overloaded.QueueLength);
                writer.WriteInt64(overloaded.RetryAfter.Ticks);
                break;
            case GrainCallTimeoutException timeout:
                writer.WriteByte((byte)Kind.Timeout);
                writer.WriteString(timeout.GrainId.ToString());
                writer.WriteString(timeout.Method);
                writer.WriteInt64(timeout.Timeout.Ticks);
                break;
            case DeadlockException deadlock:
                writer.WriteByte((byte)Kind.Deadlock);
                writer.WriteInt32(deadlock.CallChain.Count);
                foreach (var grain in deadlock.CallChain)
                {
                    writer.WriteString(grain.ToString());
                }

                break;
            case InconsistentStateException inconsistent:
                writer.WriteByte((byte)Kind.Inconsistent);
                writer.WriteString(inconsistent.StateKey);
                writer.WriteString(inconsistent.StoredETag);
                writer.WriteString(inconsistent.ExpectedETag);
                break;
            case GrainActivationException:
                writer.WriteByte((byte)Kind.Activation);
                break;
            case SiloUnavailableException:
                writer.WriteByte((byte)Kind.SiloUnavailable);
                break;
            case OperationCanceledException:
                writer.WriteByte((byte)Kind.Cancelled);
                break;
            default:
                writer.WriteByte((byte)Kind.Other);
                break;
        }
    }

    public static Exception Read(ref WireReader reader)
    {
        var typeName = reader.ReadRequiredString();
        var message = reader.ReadString() ?? string.Empty;
        var stackTrace = reader.ReadString();
        var grainId = reader.ReadString();
        Exception exception = (Kind)reader.ReadByte() switch
        {
            Kind.Overloaded => new GrainOverloadedException(GrainId.Parse(reader.ReadRequiredString()), reader.ReadInt32(), TimeSpan.FromTicks(reader.ReadInt64())),
            Kind.Timeout => new GrainCallTimeoutException(GrainId.Parse(reader.ReadRequiredString()), reader.ReadRequiredString(), TimeSpan.FromTicks(reader.ReadInt64())),
            Kind.Deadlock => ReadDeadlock(ref reader),
            Kind.Inconsistent => new InconsistentStateException(reader.ReadRequiredString(), reader.ReadString(), reader.ReadString()),
            Kind.Activation => new GrainActivationException(message),
            Kind.SiloUnavailable => new SiloUnavailableException(message),
            Kind.Cancelled => new OperationCanceledException(message),
            _ => Rebuild(typeName, message, stackTrace),
        };

        if (grainId is not null)
        {
            exception.Data[Messaging.GrainIdData.Key] = grainId;
        }

        exception.Data[RemoteStackTraceDataKey] = stackTrace;
        return exception;
    }

    private static DeadlockException ReadDeadlock(ref WireReader reader)
    {
        var count = reader.ReadInt32();
        var chain = new List<GrainId>(count);
        for (var i = 0; i < count; i++)
        {
            chain.Add(GrainId.Parse(reader.ReadRequiredString()));
        }

        return new DeadlockException(chain);
    }

    private static Exception Rebuild(string typeName, string message, string? stackTrace)
    {
        var type = Type.GetType(typeName, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type)
            && type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string)]) is { } constructor)
        {
            try
            {
                return (Exception)constructor.Invoke([message]);
            }
            catch (TargetInvocationException)
            {
                // Fall through to the generic carrier.
            }
        }

        var comma = typeName.IndexOf(',', StringComparison.Ordinal);
        return new RemoteGrainException(comma > 0 ? typeName[..comma] : typeName, message, stackTrace);
    }
}
