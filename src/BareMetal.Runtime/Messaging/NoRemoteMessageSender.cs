using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Messaging;

/// <summary>The remote sender of a silo without clustering: there is nowhere else to send.</summary>
internal sealed class NoRemoteMessageSender : IRemoteMessageSender
{
    public void Send(SiloAddress silo, Message message) =>
        message.Sink.SetException(new SiloUnavailableException($"Silo {silo} cannot be reached: this silo is not part of a cluster."));
}
