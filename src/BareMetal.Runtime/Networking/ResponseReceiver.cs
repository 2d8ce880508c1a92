using System.Buffers;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Messaging;
using BareMetal.Runtime.Messaging.Wire;
using BareMetal.Runtime.Serialization;

namespace BareMetal.Runtime.Networking;

/// <summary>Completes the pending call a Response frame answers (silos and external clients alike).</summary>
internal static class ResponseReceiver
{
    /// <param name="body">The frame body.</param>
    /// <param name="callbacks">The pending calls.</param>
    /// <param name="serializer">Deserializes results.</param>
    /// <param name="onLocation">Told where the grain lives, when the response says so.</param>
    public static void Dispatch(ReadOnlySequence<byte> body, CallbackRegistry callbacks, RuntimeSerializer serializer, Action<GrainId, SiloAddress>? onLocation)
    {
        var (messageId, activationSilo, resultJson, exception) = MessageCodec.ReadResponse(body.IsSingleSegment ? body.FirstSpan : body.ToArray());
        if (!callbacks.TryGet(messageId, out var pending))
        {
            return; // Already timed out or cancelled.
        }

        if (activationSilo is not null && exception is null)
        {
            onLocation?.Invoke(pending.Target, activationSilo);
            if (pending is RelayPendingCall relay)
            {
                relay.ActivationSilo = activationSilo;
            }
        }

        if (exception is null)
        {
            pending.CompleteFromWire(resultJson!, serializer);
        }
        else
        {
            pending.Fail(exception);
        }
    }
}
