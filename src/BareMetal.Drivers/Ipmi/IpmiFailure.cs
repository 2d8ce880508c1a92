namespace BareMetal.Drivers.Ipmi;

/// <summary>A failed ipmitool call: its kind and the words of ipmitool that say why (never a secret).</summary>
internal sealed record IpmiFailure(IpmiFailureKind Kind, string Detail)
{
    // What ipmitool -v prints when the RMCP+ handshake is refused for the user or the password.
    private static readonly string[] s_credentialMarkers =
    [
        "rakp 2 hmac is invalid",
        "unauthorized name",
        "invalid user name",
        "invalid password",
        "rakp 2 message indicates an error",
        "rakp 4 message indicates an error",
        "insufficient privilege",
        "requested privilege level",
        "unauthorized role",
        "invalid role",
        "authentication type not supported",
    ];

    // Answers that mean "try again later" (the failures Ironic's ipmitool driver retries), and a BMC that did not answer.
    private static readonly string[] s_busyMarkers =
    [
        "insufficient resource",
        "node busy",
        "out of space",
        "bmc initialization in progress",
        "timeout",
    ];

    private static readonly string[] s_noAnswerMarkers =
    [
        "get auth capabilities error",
        "no response from remote controller",
        "unable to establish lan session",
        "get session challenge command failed",
    ];

    public bool Retryable => Kind is IpmiFailureKind.NoAnswer or IpmiFailureKind.Busy;

    /// <summary>Sorts ipmitool's error output into a kind.</summary>
    public static IpmiFailure FromOutput(string errorOutput)
    {
        ArgumentNullException.ThrowIfNull(errorOutput);
        var lower = errorOutput.ToLowerInvariant();
        var detail = Summary(errorOutput);
        if (s_credentialMarkers.Any(lower.Contains))
        {
            return new(IpmiFailureKind.Credentials, detail);
        }

        if (s_noAnswerMarkers.Any(lower.Contains))
        {
            return new(IpmiFailureKind.NoAnswer, detail);
        }

        return s_busyMarkers.Any(lower.Contains) ? new(IpmiFailureKind.Busy, detail) : new(IpmiFailureKind.Command, detail);
    }

    // The lines that say something: ipmitool -v also prints progress ("Loading IANA PEN Registry...").
    private static string Summary(string errorOutput)
    {
        var lines = errorOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Loading IANA", StringComparison.Ordinal) && !l.StartsWith(">>", StringComparison.Ordinal) && !l.StartsWith("<<", StringComparison.Ordinal))
            .Select(l => l.TrimStart('>', ' '))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var text = lines.Count == 0 ? "ipmitool failed without a message" : string.Join("; ", lines);
        return text.Length <= 300 ? text : text[..300] + "...";
    }
}
