namespace BareMetal.Configuration;

/// <summary>Durable reminder settings.</summary>
public sealed class ReminderOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Reminders";

    /// <summary>The shortest period a reminder may have. Reminders are durable and cost a storage round trip; use timers for fast ticks.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often the reminder service re-reads its ranges of the table to pick up rows written by
    /// other silos. A reminder registered on a silo that does not own its hash is delivered there until
    /// that silo's next refresh, and by the owner from the owner's next refresh on.
    /// </summary>
    public TimeSpan RefreshReminderListPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
