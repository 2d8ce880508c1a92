namespace BareMetal.Drivers.Redfish;

/// <summary>How the BMC's TLS certificate is checked (driver_info "redfish_verify_ca").</summary>
/// <param name="Verify">Whether the certificate is checked at all.</param>
/// <param name="CaBundlePath">A PEM file (or a directory of them) whose certificates are the only trusted roots; null for the system's.</param>
public sealed record RedfishCertificateCheck(bool Verify, string? CaBundlePath)
{
    /// <summary>Checked against the system's trusted CAs.</summary>
    public static RedfishCertificateCheck System { get; } = new(true, null);

    /// <summary>Not checked: any certificate is accepted (an operator's explicit choice for self-signed BMCs).</summary>
    public static RedfishCertificateCheck None { get; } = new(false, null);
}
