using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Webhooks;
using BareMetal.Provisioning.Fleet;

namespace BareMetal.Provisioning.Nodes;

// Node events (the webhook events of a node). The write that changes the provision or power state decides them, from
// the node's own previous state, and stores them with the change. Each change so raises its own event with the view it
// left, so a subscriber sees every intermediate state, and an event whose raising a lost silo cut short is raised by the
// node's next activation. The outbox raises them after the write, oldest first, until the sinks take them; a sink takes
// an event again without a second delivery (the node, the version and the type name it).
public sealed partial class NodeGrain
{
    /// <summary>
    /// How many events a node keeps while its sinks do not take them (their grains' silos are unreachable); past it,
    /// the oldest are dropped, with an error in the log, so the node's state stays bounded.
    /// </summary>
    public const int PendingEventsCapacity = 64;

    private readonly INodeEventSink[] _eventSinks = [.. eventSinks];

    // A raising that did not end within SideCallTimeout and is still in flight: no other is started until it ends, so a
    // sink that does not answer costs the node's turns one wait, not one at every write.
    private Task? _unansweredEventCall;
    private Task? _raisingEvents;

    // Called by Save with the state about to be written (its version already set): adds the events of the change.
    private NodeState WithEvents(NodeState previous, NodeState next)
    {
        if (_eventSinks.Length == 0 || !previous.Exists)
        {
            // Enrolling raises no event, as the node had no state to change from.
            return next;
        }

        var events = next.PendingEvents;
        NodeView? view = null;
        if (previous.ProvisionState != next.ProvisionState)
        {
            events = events.Add(new PendingNodeEvent(WebhookEventTypes.NodeProvisionStateChanged, view ??= ToView(next)));
        }

        if (previous.PowerState != next.PowerState)
        {
            events = events.Add(new PendingNodeEvent(WebhookEventTypes.NodePowerStateChanged, view ??= ToView(next)));
        }

        if (events.Count > PendingEventsCapacity)
        {
            var dropped = events.Count - PendingEventsCapacity;
            LogEventsDropped(Id, dropped, events[dropped - 1].Node.Version);
            events = events.RemoveRange(0, dropped);
        }

        return ReferenceEquals(events, next.PendingEvents) ? next : next with { PendingEvents = events };
    }

    // Part of the outbox: one round at a time (a round already running is joined), raising the stored events in order
    // and stopping at the first one not taken, so events are never raised out of order; events a write adds while the
    // round runs are raised by it too. Only memory changes here; the next write persists the shorter list.
    private Task RaiseEvents()
    {
        if (_raisingEvents is { IsCompleted: false } running)
        {
            return running;
        }

        return _raisingEvents = RaiseEventsRound();
    }

    private async Task RaiseEventsRound()
    {
        if (node.State.PendingEvents.IsEmpty || _unansweredEventCall is { IsCompleted: false })
        {
            return;
        }

        _unansweredEventCall = null;
        var raised = new HashSet<PendingNodeEvent>(ReferenceEqualityComparer.Instance);
        while (node.State.PendingEvents.Find(e => !raised.Contains(e)) is { } next && await Raised(next))
        {
            raised.Add(next);
        }

        if (raised.Count > 0)
        {
            node.State = node.State with { PendingEvents = node.State.PendingEvents.RemoveAll(raised.Contains) };
        }
    }

    private async Task<bool> Raised(PendingNodeEvent pending)
    {
        try
        {
            var call = _eventSinks.Length == 1
                ? _eventSinks[0].Raise(pending.EventType, pending.Node)
                : Task.WhenAll(_eventSinks.Select(s => s.Raise(pending.EventType, pending.Node)));
            if (await SideCall.EndedWithin(call, _options.SideCallTimeout))
            {
                return true;
            }

            _unansweredEventCall = call;
            RetryOutboxOnceEnded(call);
            LogEventNotWaitedFor(Id, pending.EventType, pending.Node.Version, _options.SideCallTimeout);
            return false;
        }
#pragma warning disable CA1031 // Kept and raised again: the node's write already made the event durable.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogEventNotRaised(Id, pending.EventType, pending.Node.Version, exception);
            return false;
        }
    }
}
