namespace BareMetal.Provisioning.Nodes;

// The fence before a step that must not run twice. A silo frozen long enough to be declared dead wakes up with its
// activations and its queued hardware work intact; Orleans stops it once it notices, but work already queued may run
// in between, while another silo's activation has taken the node over and recovered the same step.
//
// The answer "yes" is a write of the node's state under this activation's ETag (a claim), not a read: a takeover
// writes the state before it starts the step again (its recovery records an event), so of the two writes one is
// refused. If the takeover wrote first, the claim is refused and the step is not run here; if the claim came first,
// the takeover's write is refused, its activation goes, and the next one asks the hardware, which reports the step
// started.
public sealed partial class NodeGrain
{
    /// <inheritdoc />
    public async Task<bool> MayRunStep(string operationId, int step, int attempt, string launch)
    {
        var held = node.State;
        // Only the activation that launched the step may let it run, and only for the work of that launch. The work of
        // an activation that was since deactivated (its write refused, or fenced here), or of a duplicate activation
        // on another silo, reaches this activation when it asks: this one either never launched the step (its own
        // step-watch is about to ask the hardware and start it) or launched the same attempt itself, so saying yes
        // to that work would run the step twice.
        if (held.Step is not { } inFlight || inFlight.OperationId != operationId || inFlight.Number != step || inFlight.Attempt != attempt
            || !LaunchedHere(operationId, step, attempt, launch))
        {
            return false;
        }

        node.State = held with { Version = held.Version + 1 };
        try
        {
            await node.WriteStateAsync();
        }
        catch (InconsistentStateException refused)
        {
            node.State = held;
            LogStepFenced(Id, operationId, step, attempt, refused.CurrentEtag, refused.StoredEtag);
            // Nothing here is current any more: the next call activates the node again from storage.
            DeactivateOnIdle();
            return false;
        }
        catch
        {
            // Memory must not get ahead of storage.
            node.State = held;
            throw;
        }

        return true;
    }
}
