using System.Buffers;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// Writes a frame body straight into the connection's output. Runs under the connection's write
/// lock, so it must be quick and must not send on the same connection; the writer is valid only
/// during the call.
/// </summary>
/// <typeparam name="TState">What the body is written from (passed through, so callers need no closure).</typeparam>
/// <param name="writer">Where the body goes.</param>
/// <param name="state">The caller's state.</param>
public delegate void BodyWriter<in TState>(IBufferWriter<byte> writer, TState state);
