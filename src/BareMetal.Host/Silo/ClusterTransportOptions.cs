namespace BareMetal.Host.Silo;

/// <summary>How silos and clients trust each other (<c>BareMetal:Transport</c>).</summary>
public sealed class ClusterTransportOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Transport";

    /// <summary>
    /// The shortest secret accepted when a silo or gateway endpoint is reachable from other machines: the secret is all
    /// that keeps strangers out, so it must not be guessable (32 random characters). On loopback any secret will do.
    /// </summary>
    public const int MinimumSecretLength = 32;

    /// <summary>
    /// The secret every silo and cluster client of the cluster holds. With it, every connection is mutual TLS in which
    /// both ends prove they hold the secret; without it, connections are plain TCP and silos only listen on loopback.
    /// Never logged.
    /// </summary>
    public string ClusterSecret { get; set; } = string.Empty;

    /// <summary>The secret, or empty when none is set: blanks are no secret, so they count as none.</summary>
    public static string Effective(string? secret) => string.IsNullOrWhiteSpace(secret) ? string.Empty : secret;

    /// <summary>
    /// Refuses an empty or short secret when <paramref name="exposed"/> names endpoints reachable from other machines;
    /// the message names <paramref name="secretSetting"/> and the endpoints.
    /// </summary>
    public static void EnsureStrongEnough(string secret, IReadOnlyCollection<string> exposed, string secretSetting)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(exposed);
        if (exposed.Count == 0 || secret.Length >= MinimumSecretLength)
        {
            return;
        }

        var what = secret.Length == 0 ? "empty" : $"only {secret.Length} characters long";
        throw new HostConfigurationException(
            $"{string.Join(", ", exposed)} {(exposed.Count == 1 ? "is" : "are")} not loopback, but {secretSetting} is {what}. "
            + $"Without a strong secret anyone who reaches the port could join the cluster or call grains: set a random secret of at least {MinimumSecretLength} characters, or listen on 127.0.0.1.");
    }
}
