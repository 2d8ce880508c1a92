namespace BareMetal.Drivers.Redfish;

/// <summary>
/// A node's "redfish" driver_info, checked. <see cref="ToString"/> leaves the password out, so the record can be
/// logged or shown in an error without leaking it.
/// </summary>
public sealed record RedfishDriverInfo
{
    private static readonly string[] s_trueWords = ["1", "t", "true", "on", "y", "yes"];
    private static readonly string[] s_falseWords = ["0", "f", "false", "off", "n", "no"];

    /// <summary>The BMC's base URL (scheme, host and port; no path).</summary>
    public required Uri Address { get; init; }

    /// <summary>The ComputerSystem's path, or <see langword="null"/> to use the BMC's only system.</summary>
    public string? SystemId { get; init; }

    /// <summary>The BMC user, or <see langword="null"/> when the BMC needs no authentication.</summary>
    public string? Username { get; init; }

    /// <summary>The BMC user's password.</summary>
    public string? Password { get; init; }

    /// <summary>How the BMC's certificate is checked.</summary>
    public RedfishCertificateCheck CertificateCheck { get; init; } = RedfishCertificateCheck.System;

    /// <summary>How the driver authenticates.</summary>
    public RedfishAuthType AuthType { get; init; } = RedfishAuthType.Auto;

    /// <summary>Whether requests carry credentials.</summary>
    public bool HasCredentials => Username is not null;

    /// <summary>
    /// Checks <paramref name="driverInfo"/> and returns the parsed record, or the problems found (each naming the key
    /// and what is expected, never a secret's value).
    /// </summary>
    public static (RedfishDriverInfo? Info, IReadOnlyList<string> Problems) Parse(IReadOnlyDictionary<string, string> driverInfo)
    {
        ArgumentNullException.ThrowIfNull(driverInfo);
        var problems = new List<string>();
        var address = ParseAddress(driverInfo.GetValueOrDefault(RedfishDriverInfoKeys.Address), problems);

        string? systemId = null;
        if (driverInfo.TryGetValue(RedfishDriverInfoKeys.SystemId, out var rawSystemId) && !string.IsNullOrWhiteSpace(rawSystemId))
        {
            systemId = rawSystemId.Trim().TrimEnd('/');
            if (!systemId.StartsWith('/') || systemId.Contains("//", StringComparison.Ordinal) || systemId.Contains('?', StringComparison.Ordinal))
            {
                problems.Add($"{RedfishDriverInfoKeys.SystemId} must be the path of the ComputerSystem, e.g. /redfish/v1/Systems/1 (got '{rawSystemId}')");
            }
        }

        var username = NullIfEmpty(driverInfo.GetValueOrDefault(RedfishDriverInfoKeys.Username));
        var password = driverInfo.GetValueOrDefault(RedfishDriverInfoKeys.Password);
        if (username is null && !string.IsNullOrEmpty(password))
        {
            problems.Add($"{RedfishDriverInfoKeys.Password} is set but {RedfishDriverInfoKeys.Username} is missing");
        }
        else if (username is not null && string.IsNullOrEmpty(password))
        {
            problems.Add($"{RedfishDriverInfoKeys.Username} is set but {RedfishDriverInfoKeys.Password} is missing");
        }

        var check = ParseVerifyCa(driverInfo.GetValueOrDefault(RedfishDriverInfoKeys.VerifyCa), problems);

        var authType = RedfishAuthType.Auto;
        if (driverInfo.TryGetValue(RedfishDriverInfoKeys.AuthType, out var rawAuth) && !string.IsNullOrWhiteSpace(rawAuth))
        {
            switch (rawAuth.Trim().ToLowerInvariant())
            {
                case "auto": authType = RedfishAuthType.Auto; break;
                case "session": authType = RedfishAuthType.Session; break;
                case "basic": authType = RedfishAuthType.Basic; break;
                default:
                    problems.Add($"{RedfishDriverInfoKeys.AuthType} must be one of auto, session, basic (got '{rawAuth}')");
                    break;
            }
        }

        if ((authType is RedfishAuthType.Session or RedfishAuthType.Basic) && username is null)
        {
            problems.Add($"{RedfishDriverInfoKeys.AuthType} '{authType.ToString().ToLowerInvariant()}' needs {RedfishDriverInfoKeys.Username} and {RedfishDriverInfoKeys.Password}");
        }

        if (problems.Count > 0 || address is null)
        {
            return (null, problems);
        }

        return (new RedfishDriverInfo
        {
            Address = address,
            SystemId = systemId,
            Username = username,
            Password = username is null ? null : password,
            CertificateCheck = check,
            AuthType = authType,
        }, problems);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Address} system {SystemId ?? "(the only one)"} user {Username ?? "(none)"} auth {AuthType.ToString().ToLowerInvariant()}";

    private static Uri? ParseAddress(string? raw, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            problems.Add($"{RedfishDriverInfoKeys.Address} is required: the BMC's URL, e.g. https://10.0.0.5");
            return null;
        }

        var text = raw.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            // As Ironic: an address without a scheme is reached over HTTPS.
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            problems.Add($"{RedfishDriverInfoKeys.Address} must be an http or https URL such as https://10.0.0.5 (got '{raw}')");
            return null;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            problems.Add($"{RedfishDriverInfoKeys.Address} must not carry credentials; set {RedfishDriverInfoKeys.Username} and {RedfishDriverInfoKeys.Password} instead");
            return null;
        }

        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            problems.Add($"{RedfishDriverInfoKeys.Address} must be the BMC's URL without a path, e.g. https://10.0.0.5 (got '{raw}')");
            return null;
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    private static RedfishCertificateCheck ParseVerifyCa(string? raw, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return RedfishCertificateCheck.System;
        }

        var text = raw.Trim();
        if (s_trueWords.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return RedfishCertificateCheck.System;
        }

        if (s_falseWords.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return RedfishCertificateCheck.None;
        }

        if (File.Exists(text) || Directory.Exists(text))
        {
            return new RedfishCertificateCheck(true, Path.GetFullPath(text));
        }

        problems.Add($"{RedfishDriverInfoKeys.VerifyCa} must be true, false, or the path of a CA bundle file or directory that exists on every silo (got '{raw}')");
        return RedfishCertificateCheck.System;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
