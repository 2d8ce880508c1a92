namespace BareMetal.Contracts.Nodes;

/// <summary>
/// What moves a node between provision states: verbs requested through the API (manage, deploy,
/// ...) and outcomes reported by the work itself (done, fail, wait, resume).
/// </summary>
public enum ProvisionEvent
{
    /// <summary>Verb "manage".</summary>
    Manage,

    /// <summary>Verb "provide".</summary>
    Provide,

    /// <summary>Verb "inspect".</summary>
    Inspect,

    /// <summary>Verb "clean" (manual cleaning with steps).</summary>
    Clean,

    /// <summary>Verb "deploy" (Ironic target "active").</summary>
    Deploy,

    /// <summary>Verb "rebuild".</summary>
    Rebuild,

    /// <summary>Verb "undeploy" (Ironic target "deleted").</summary>
    Delete,

    /// <summary>Verb "abort": stop waiting for an agent.</summary>
    Abort,

    /// <summary>Verb "adopt".</summary>
    Adopt,

    /// <summary>Verb "rescue".</summary>
    Rescue,

    /// <summary>Verb "unrescue".</summary>
    Unrescue,

    /// <summary>The running work finished.</summary>
    Done,

    /// <summary>The running work failed.</summary>
    Fail,

    /// <summary>The work now waits for an agent to call back.</summary>
    Wait,

    /// <summary>The agent called back; the work resumes.</summary>
    Resume,
}
