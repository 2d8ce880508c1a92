namespace BareMetal.Configuration;

/// <summary>Call delivery settings.</summary>
public sealed class MessagingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Messaging";

    /// <summary>How long a caller waits for a response before failing with a timeout (per-method and per-call overrides exist).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often pending calls are checked for expiry; a timeout fires at most this much late.</summary>
    public TimeSpan TimeoutCheckPeriod { get; set; } = TimeSpan.FromMilliseconds(100);
}
