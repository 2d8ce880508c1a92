namespace BareMetal.Runtime.Reminders;

/// <summary>
/// Durable reminder storage. Rows are partitioned by the grain's uniform hash so that each silo
/// reads only the range of the hash ring it owns.
/// </summary>
public interface IReminderTable
{
    /// <summary>
    /// Rows whose grain hash lies in the ring range (<paramref name="beginExclusive"/>, <paramref name="endInclusive"/>].
    /// When begin &gt;= end the range wraps past zero; begin == end means the whole ring.
    /// </summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken);

    /// <summary>All reminders of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>One reminder, or null.</summary>
    Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a reminder; returns the new ETag.</summary>
    Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes a reminder if its ETag still matches; false when it did not.</summary>
    Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken);
}
