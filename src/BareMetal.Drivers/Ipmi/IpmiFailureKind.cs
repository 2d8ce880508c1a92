namespace BareMetal.Drivers.Ipmi;

/// <summary>Why an ipmitool call failed, which decides whether it is retried.</summary>
internal enum IpmiFailureKind
{
    /// <summary>The BMC rejected the user name, password or privilege level: retrying cannot help and may lock the account.</summary>
    Credentials,

    /// <summary>Nothing answered within the per-call timeout (BMC unreachable, off the network, or hung). Retried.</summary>
    NoAnswer,

    /// <summary>The BMC answered that it is busy or out of sessions (Ironic's retryable failures). Retried.</summary>
    Busy,

    /// <summary>The BMC answered with an error for this command, or ipmitool failed otherwise. Not retried.</summary>
    Command,

    /// <summary>
    /// The BMC does not offer what the in-process IPMI client speaks (IPMI v2.0 with cipher suite 3): the call goes to
    /// ipmitool instead. Never reported to operators as a failure.
    /// </summary>
    Unsupported,
}
