using BareMetal.Contracts.Operations;

namespace BareMetal.Contracts.Nodes;

/// <summary>
/// One node (keyed by its node id): its record, its provision state machine and its queue of pending
/// operations. Hardware work never runs inside a turn: the node records the step, starts the driver
/// call outside, and receives the result through <see cref="DriverStepCompleted"/>, so reads and
/// requests are answered at once while a long deploy runs.
/// </summary>
[Alias("baremetal.INodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Enrolls the node. Enrolling again with the same name and driver returns the node unchanged;
    /// anything else throws <see cref="NodeRequestRefusedException"/> (as does an unknown driver).
    /// </summary>
    [Alias("Enroll")]
    Task<NodeView> Enroll(NodeEnrollment enrollment);

    /// <summary>The current view; throws <see cref="NodeNotFoundException"/> when the node was never enrolled.</summary>
    [AlwaysInterleave]
    [Alias("Get")]
    Task<NodeView> Get();

    /// <summary>
    /// Asks for a provision verb (manage, provide, deploy, delete = undeploy, ...). When nothing is pending
    /// the node moves to the transient state at once and the returned operation is running; otherwise it is
    /// queued behind the pending ones. The same verb already pending returns that operation. Throws
    /// <see cref="NodeRequestRefusedException"/> naming the reason (state machine or pending operation) and
    /// <see cref="NodeQueueFullException"/> when the queue is full.
    /// </summary>
    /// <param name="verb">The verb.</param>
    /// <param name="idempotencyKey">The client's key, recorded on the operation.</param>
    [Alias("Request")]
    Task<OperationView> Request(ProvisionEvent verb, string? idempotencyKey);

    /// <summary>
    /// Asks for any action (provision verbs, power-on/off/reboot/soft-power-off, maintenance-on/off). Provision
    /// verbs behave as <see cref="Request"/>; power actions queue like verbs (and are validated against the
    /// state the node will be in); maintenance changes apply at once and return an operation that already
    /// succeeded. Throws as <see cref="Request"/> does.
    /// </summary>
    [Alias("Submit")]
    Task<OperationView> Submit(NodeActionRequest request);

    /// <summary>
    /// <see cref="Submit"/>, answered with the node as it stands right after accepting the action (read in the same
    /// turn), so a caller that shows both makes one call.
    /// </summary>
    [Alias("Accept")]
    Task<NodeActionAccepted> Accept(NodeActionRequest request);

    /// <summary>
    /// Replaces the editable fields (see <see cref="NodeEdit"/>). Throws <see cref="NodeRequestRefusedException"/>
    /// naming the reason when the change is not allowed (name taken, driver change while work is pending, unknown driver).
    /// </summary>
    [Alias("Update")]
    Task<NodeView> Update(NodeEdit edit);

    /// <summary>
    /// Deletes the node where Ironic allows it (enroll, manageable, available, and failed states, whose driver
    /// side is cleaned up); refuses otherwise with the reason. Deleting a node that does not exist throws
    /// <see cref="NodeNotFoundException"/>.
    /// </summary>
    [Alias("Delete")]
    Task Delete(string? requestedBy);

    /// <summary>
    /// Cancels one of the node's operations: a queued one at once (it leaves the queue), a running one when its
    /// step can be interrupted (the node then ends it as cancelled and moves to the failed state of the verb, as
    /// Ironic's abort does); otherwise not accepted, with the reason. An operation of this node that already ended
    /// answers not accepted with its status; an id that is not one of the node's operations throws
    /// <see cref="NodeRequestRefusedException"/> ("operation X is not pending on node Y").
    /// </summary>
    [Alias("Cancel")]
    Task<CancelOutcome> Cancel(string operationId, string? reason);

    /// <summary>Ids of the node's most recent operations (pending and finished), newest first, bounded.</summary>
    [AlwaysInterleave]
    [Alias("RecentOperations")]
    Task<IReadOnlyList<string>> RecentOperations();

    /// <summary>The node's events, oldest first (bounded: the oldest are dropped).</summary>
    [AlwaysInterleave]
    [Alias("History")]
    Task<IReadOnlyList<NodeHistoryEntry>> History();

    /// <summary>
    /// Where one of this node's operations stands (asked by an operation left unfinished for a while): the node's answer
    /// is authoritative. A finished one whose end was not yet acknowledged is told again before the answer.
    /// </summary>
    [Alias("OperationFate")]
    Task<NodeOperationFate> OperationFate(string operationId);

    /// <summary>
    /// Asked by the node's hardware work just before it runs a step that is not idempotent: whether this activation
    /// still owns the node (no other activation wrote it since) and the step is still the one in flight. A silo that
    /// was declared dead while frozen and wakes up must not run a step another activation took over. <paramref name="launch"/>
    /// names the launch the work belongs to: after a failover two activations can launch the same step attempt, and
    /// only the work of this activation's own launch may run it.
    /// </summary>
    [Alias("MayRunLaunchedStep")]
    Task<bool> MayRunStep(string operationId, int step, int attempt, string launch);

    /// <summary>
    /// For the node's own workers and the driver callback sink: the result of a hardware step. Reports of
    /// a step that is no longer current are ignored.
    /// </summary>
    [Alias("DriverStepCompleted")]
    Task DriverStepCompleted(NodeStepReport report);

    /// <summary>
    /// Reads the boot device from the node's BMC (Ironic's GET .../management/boot_device). Interleaves: the node keeps
    /// answering while the BMC is asked.
    /// </summary>
    /// <exception cref="NodeRequestRefusedException">The node's hardware type has no boot device control, or a step is running.</exception>
    /// <exception cref="NodeHardwareException">The BMC failed.</exception>
    [AlwaysInterleave]
    [Alias("GetBootDevice")]
    Task<NodeBootDevice> GetBootDevice();

    /// <summary>
    /// Tells the node's BMC which device to boot from (Ironic's PUT .../management/boot_device); completes once the BMC
    /// accepted it. Interleaves like <see cref="GetBootDevice"/>.
    /// </summary>
    /// <exception cref="NodeRequestRefusedException">Not a known device, no boot device control, or a step is running.</exception>
    /// <exception cref="NodeHardwareException">The BMC failed.</exception>
    [AlwaysInterleave]
    [Alias("SetBootDevice")]
    Task SetBootDevice(NodeBootDevice request);

    /// <summary>The boot devices the node's hardware type can set; empty when it has no boot device control.</summary>
    [AlwaysInterleave]
    [Alias("SupportedBootDevices")]
    Task<IReadOnlyList<string>> SupportedBootDevices();
}
