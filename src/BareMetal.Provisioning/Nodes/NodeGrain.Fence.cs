namespace BareMetal.Provisioning.Nodes;

// The fence before a step that must not run twice. A silo frozen long enough to be declared dead wakes up with its
// activations and its queued hardware work intact; Orleans stops it once it notices, but work already queued may run
// in between, while another silo's activation has taken the node over and recovered the same step. The stored state
// decides: the activation that took over wrote it (its recovery records an event), so a version other than this
// activation's last write means this activation lost the node.
public sealed partial class NodeGrain
{
    /// <inheritdoc />
    public async Task<bool> MayRunStep(string operationId, int step, int attempt)
    {
        var held = node.State;
        await node.ReadStateAsync();
        var stored = node.State;
        if (stored.Version != held.Version)
        {
            LogStepFenced(Id, operationId, step, attempt, held.Version, stored.Version);
            // Nothing here is current any more: the next call activates the node again from storage.
            DeactivateOnIdle();
            return false;
        }

        // What was read is what this activation wrote; keep what only memory knew (outbox entries already acknowledged).
        node.State = held;
        // Only the activation that launched the step may let it run. The work of an activation that was since
        // deactivated (its write refused, or fenced here) reaches a new activation when it asks: that one never
        // launched the step, and its own step-watch is about to ask the hardware and start the step itself, so
        // saying yes here would run it twice.
        return held.Step is { } inFlight && inFlight.OperationId == operationId && inFlight.Number == step && inFlight.Attempt == attempt
            && LaunchedHere(operationId, step, attempt);
    }
}
