namespace BareMetal.Provisioning.Idempotency;

/// <summary>How long idempotency keys are remembered.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Idempotency";

    /// <summary>
    /// How long a key is remembered after its first use (and after its response was stored); a retry later than this
    /// is handled as a new request. Must not be below <c>BareMetal:Reminders:MinimumReminderPeriod</c>. Default 24 h.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}
