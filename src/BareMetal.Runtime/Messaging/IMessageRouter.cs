namespace BareMetal.Runtime.Messaging;

/// <summary>Where outgoing calls go: the silo's message center, or an external client's gateway connections.</summary>
internal interface IMessageRouter
{
    void Send(Message message);
}
