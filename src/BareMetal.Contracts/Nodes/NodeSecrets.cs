namespace BareMetal.Contracts.Nodes;

/// <summary>Which driver_info values are secrets, and how they are shown.</summary>
public static class NodeSecrets
{
    /// <summary>What a secret value reads as in every view (Ironic shows the same).</summary>
    public const string Mask = "******";

    /// <summary>Whether a driver_info key holds a secret: its name contains "password", "secret", "token" or "key".</summary>
    public static bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Contains("password", StringComparison.OrdinalIgnoreCase)
            || key.Contains("secret", StringComparison.OrdinalIgnoreCase)
            || key.Contains("token", StringComparison.OrdinalIgnoreCase)
            || key.EndsWith("key", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A copy of <paramref name="driverInfo"/> with every secret value replaced by <see cref="Mask"/>.</summary>
    public static IReadOnlyDictionary<string, string> Masked(IReadOnlyDictionary<string, string> driverInfo)
    {
        ArgumentNullException.ThrowIfNull(driverInfo);
        return driverInfo.ToDictionary(p => p.Key, p => IsSecret(p.Key) ? Mask : p.Value, StringComparer.Ordinal);
    }
}
