using BareMetal.Runtime.Activations;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Placement;

namespace BareMetal.Runtime.Messaging;

/// <summary>
/// Routes every message, local or not: to the local catalog when the grain lives (or should be
/// activated) here, otherwise to the silo the locator names, through the remote sender.
/// </summary>
internal sealed class MessageCenter(Catalog catalog, GrainLocator locator, IRemoteMessageSender remote) : IMessageRouter
{
    /// <summary>How often a message may be passed on between silos before it fails (stale views settle quickly).</summary>
    public const int MaxForwardCount = 3;

    public void Send(Message message)
    {
        var silo = locator.Route(message.Target);
        if (silo is null)
        {
            catalog.Deliver(message);
        }
        else
        {
            remote.Send(silo, message);
        }
    }

    /// <summary>Delivers a message that arrived from another silo: here, unless this silo already knows the grain lives elsewhere.</summary>
    public void Receive(Message message)
    {
        if (locator.CachedRemoteLocation(message.Target) is { } silo)
        {
            Forward(message, silo);
        }
        else
        {
            catalog.Deliver(message);
        }
    }

    /// <summary>Passes a message on to the silo that holds its grain.</summary>
    public void Forward(Message message, SiloAddress silo)
    {
        message.ForwardCount++;
        if (message.ForwardCount > MaxForwardCount)
        {
            message.Sink.SetException(new SiloUnavailableException(
                $"Grain {message.Target} could not be located: the message was forwarded {MaxForwardCount} times. The cluster membership is changing; retry."));
            return;
        }

        if (silo.Equals(locator.LocalSilo))
        {
            catalog.Deliver(message);
        }
        else
        {
            remote.Send(silo, message);
        }
    }
}
