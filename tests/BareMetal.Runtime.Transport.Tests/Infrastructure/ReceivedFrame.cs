namespace BareMetal.Runtime.Transport.Tests.Infrastructure;

internal sealed record ReceivedFrame(ClusterConnection Connection, FrameKind Kind, byte[] Body);
