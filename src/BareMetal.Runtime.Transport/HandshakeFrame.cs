namespace BareMetal.Runtime.Transport;

/// <summary>A frame read during the handshake, copied out of the pipe (handshake frames are small).</summary>
internal readonly record struct HandshakeFrame(byte Kind, byte[] Body);
