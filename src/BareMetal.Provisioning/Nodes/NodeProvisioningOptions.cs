namespace BareMetal.Provisioning.Nodes;

/// <summary>Limits of the node grain.</summary>
public sealed class NodeProvisioningOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Nodes";

    /// <summary>How many operations (running included) a node may have pending. Default 16.</summary>
    public int QueueCapacity { get; set; } = 16;

    /// <summary>How many history entries a node keeps; the oldest are dropped. Default 100.</summary>
    public int HistoryCapacity { get; set; } = 100;

    /// <summary>The retry-after given when the queue is full. Default 5 s.</summary>
    public TimeSpan QueueFullRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The image written by deploy and rebuild when the request names no "image_source". Default "default".</summary>
    public string DefaultImage { get; set; } = "default";

    /// <summary>
    /// How long writing the image may take, and how long a node may then wait for the agent's call-back,
    /// before the deploy fails (Ironic's <c>deploy_callback_timeout</c>). Also bounds tearing down. Default 30 min.
    /// </summary>
    public TimeSpan DeployCallbackTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long cleaning may take before it fails (Ironic's <c>clean_callback_timeout</c>). Default 30 min.</summary>
    public TimeSpan CleanTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long management validation (verifying) may take before the node returns to enroll. Default 5 min.</summary>
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a power action may take (Ironic's <c>power_state_change_timeout</c>). Default 60 s.</summary>
    public TimeSpan PowerActionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a soft power off may take (Ironic's <c>soft_power_off_timeout</c>). Default 600 s.</summary>
    public TimeSpan SoftPowerOffTimeout { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>How long inspection may take, waiting included, before it fails (Ironic's <c>inspect_wait_timeout</c>). Default 30 min.</summary>
    public TimeSpan InspectTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long booting the rescue ramdisk may take, waiting for its agent included, before rescue fails (Ironic's
    /// <c>rescue_callback_timeout</c>). Also bounds unrescue. Default 30 min.
    /// </summary>
    public TimeSpan RescueTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many operation ids a node keeps for <c>RecentOperations</c>; the oldest are dropped. Default 50.</summary>
    public int RecentOperationsCapacity { get; set; } = 50;

    /// <summary>
    /// How often each node's durable step-watch reminder ticks (Ironic's <c>check_provision_state_interval</c>):
    /// it finds steps left by a lost silo and expires those past their deadline when no in-memory timer did.
    /// Must not be below <c>BareMetal:Reminders:MinimumReminderPeriod</c>. Default 60 s.
    /// </summary>
    public TimeSpan TimeoutCheckInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many times a step's result is sent to its node before the work gives up (the node's step-watch then asks
    /// the driver what became of the step). Default 8.
    /// </summary>
    public int StepReportAttempts { get; set; } = 8;

    /// <summary>The wait before the first resend of a step's result; doubled after each failure, up to 30 s. Default 1 s.</summary>
    public TimeSpan StepReportRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the node's "yes, run it" to a step that must not run twice stays good. Work that reaches the hardware
    /// call later than this after asking (its process was frozen or starved in between) asks again, so a silo that
    /// was declared dead meanwhile and whose node another silo took over does not run the step a second time. Keep it
    /// well under the time the cluster takes to declare a silent silo dead (about 3 s with the default membership
    /// settings). Default 1 s.
    /// </summary>
    public TimeSpan StepFenceLease { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a node's turn waits, after its own write, for each call it makes beside it: the fleet index and the
    /// webhook events (see <see cref="INodeChangeObserver"/>), and each operation it tells of a step or an end (its
    /// outbox). The call is not cancelled, only no longer waited for: it still lands if its grain answers later, an
    /// operation not told is told again, and the index catches up at the node's next change. Without this bound a
    /// silo that froze and was declared dead holds such a call, the node's turn and every request queued behind it for
    /// the whole grain-call response timeout (30 s), because Orleans keeps sending on a connection that is still open
    /// to a silo it already declared dead. Default 2 s.
    /// </summary>
    public TimeSpan SideCallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often each node compares its recorded power state with the hardware's (Ironic's
    /// <c>sync_power_state_interval</c>); the first sync of a node is delayed by up to a tenth of this more, so
    /// that nodes managed together do not all read their BMCs at once. Must not be below
    /// <c>BareMetal:Reminders:MinimumReminderPeriod</c>. Default 60 s.
    /// </summary>
    public TimeSpan PowerSyncInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// What a power sync does on drift (Ironic's <c>force_power_state_during_sync</c>): <see langword="true"/>
    /// puts the recorded power state back on the hardware, <see langword="false"/> records the hardware's. Default true.
    /// </summary>
    public bool EnforcePowerState { get; set; } = true;

    /// <summary>
    /// After how many consecutive failed power-sync calls the node is put in maintenance with reason
    /// "power failure: ..." (Ironic's <c>power_state_sync_max_retries</c>). Default 3.
    /// </summary>
    public int PowerSyncMaxFailures { get; set; } = 3;
}
