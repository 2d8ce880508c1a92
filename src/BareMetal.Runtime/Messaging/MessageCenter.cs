using BareMetal.Runtime.Activations;

namespace BareMetal.Runtime.Messaging;

/// <summary>
/// Routes messages to where their target lives. On a single silo that is always the local catalog;
/// the cluster adds a transport behind this same seam.
/// </summary>
internal sealed class MessageCenter(Catalog catalog)
{
    public void Send(Message message) => catalog.Deliver(message);
}
