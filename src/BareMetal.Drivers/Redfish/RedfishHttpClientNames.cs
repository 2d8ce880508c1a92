namespace BareMetal.Drivers.Redfish;

/// <summary>
/// The <see cref="System.Net.Http.IHttpClientFactory"/> client name for each way of checking a BMC's certificate.
/// Each name gets its own connection pool, so a connection opened without checking is never reused by a node whose
/// driver_info asks for the check.
/// </summary>
internal static class RedfishHttpClientNames
{
    /// <summary>The prefix shared by every Redfish client name.</summary>
    public const string Prefix = "BareMetal.Redfish";

    private const string SystemTrust = Prefix + ".SystemCa";
    private const string NoCheck = Prefix + ".NoVerify";
    private const string BundlePrefix = Prefix + ".CaBundle:";

    /// <summary>The client name for <paramref name="check"/>.</summary>
    public static string For(RedfishCertificateCheck check) => check switch
    {
        { Verify: false } => NoCheck,
        { CaBundlePath: { } path } => BundlePrefix + path,
        _ => SystemTrust,
    };

    /// <summary>The certificate check a client name stands for; null for names that are not Redfish's.</summary>
    public static RedfishCertificateCheck? CheckOf(string? name) => name switch
    {
        SystemTrust => RedfishCertificateCheck.System,
        NoCheck => RedfishCertificateCheck.None,
        not null when name.StartsWith(BundlePrefix, StringComparison.Ordinal) => new RedfishCertificateCheck(true, name[BundlePrefix.Length..]),
        _ => null,
    };
}
