namespace BareMetal.Runtime.Reminders;

/// <summary>One durable reminder row.</summary>
public sealed record ReminderEntry
{
    /// <summary>The grain the reminder belongs to.</summary>
    public required GrainId GrainId { get; init; }

    /// <summary>The reminder's name, unique per grain.</summary>
    public required string ReminderName { get; init; }

    /// <summary>When the first tick is due; later ticks are due at StartAt + n * Period.</summary>
    public required DateTimeOffset StartAt { get; init; }

    /// <summary>The period between ticks.</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>The row version; null for a row not yet written.</summary>
    public string? ETag { get; init; }

    /// <summary>The grain's uniform hash, which decides the silo that delivers the reminder.</summary>
    public uint GrainHash => GrainId.GetUniformHashCode();
}
