using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Invocation;
using BareMetal.Runtime.Messaging.Wire;
using BareMetal.Runtime.Transport;

namespace BareMetal.Runtime.Networking;

/// <summary>
/// The grain-side sink of a request that came over the network: writes the outcome as a Response
/// frame on the connection the request arrived on, with this silo's address as the grain's location.
/// </summary>
internal sealed class RemoteResponseSink(ClusterConnection connection, long messageId, GrainId target, Type resultType, MessageCodec codec, SiloAddress? localSilo, Action? completed = null) : IResponseSink
{
    private int _completed;

    public void SetBoxedResult(object? result)
    {
        if (Claim())
        {
            TrySend(static (writer, state) => state.Sink.WriteResult(writer, state.Result), (Sink: this, Result: result));
        }
    }

    public void SetException(Exception exception)
    {
        if (Claim())
        {
            exception.Data[Messaging.GrainIdData.Key] ??= target.ToString();
            TrySend(static (writer, state) => MessageCodec.WriteException(writer, state.Sink.MessageId, state.Sink.LocalSilo, state.Exception), (Sink: this, Exception: exception));
        }
    }

    /// <summary>Passes on a result that another silo already serialized (this silo forwarded the request).</summary>
    public void SetRawResult(byte[] resultJson, SiloAddress? activationSilo)
    {
        if (Claim())
        {
            TrySend(static (writer, state) => MessageCodec.WriteRawResult(writer, state.Sink.MessageId, state.Silo, state.Json), (Sink: this, Json: resultJson, Silo: activationSilo ?? localSilo));
        }
    }

    private long MessageId => messageId;

    private SiloAddress? LocalSilo => localSilo;

    private void WriteResult(System.Buffers.IBufferWriter<byte> writer, object? result)
    {
        try
        {
            codec.WriteResult(writer, messageId, localSilo, result, resultType);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or NotSupportedException)
        {
            throw new InvalidOperationException($"The result of type {resultType} cannot be serialized to send it back to the caller: {exception.Message}", exception);
        }
    }

    private bool Claim()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        completed?.Invoke();
        return true;
    }

    private void TrySend<TState>(BodyWriter<TState> write, TState state)
    {
        try
        {
            connection.Send(FrameKind.Response, write, state);
        }
        catch (Exception exception) when (exception is ClusterTransportException or ObjectDisposedException or InvalidOperationException)
        {
            // The caller's connection is gone; its side fails the call when it notices the loss.
        }
    }
}
