using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Messaging;

/// <summary>Sends a message to another silo (the cluster transport); a single silo has none.</summary>
internal interface IRemoteMessageSender
{
    void Send(SiloAddress silo, Message message);
}
