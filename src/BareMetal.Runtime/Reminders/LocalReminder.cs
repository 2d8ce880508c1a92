namespace BareMetal.Runtime.Reminders;

/// <summary>A reminder row this silo delivers, with the in-memory timer for its next tick.</summary>
internal sealed class LocalReminder(ReminderEntry entry) : IDisposable
{
    public ReminderEntry Entry { get; } = entry;

    public ITimer? Timer { get; set; }

    public bool Disposed { get; private set; }

    /// <summary>How many refreshes in a row did not find this row in the silo's ranges.</summary>
    public int MissedRefreshes { get; set; }

    /// <summary>The first tick time after <paramref name="now"/>: StartAt + n * Period.</summary>
    public DateTimeOffset NextDueAfter(DateTimeOffset now)
    {
        if (Entry.StartAt > now)
        {
            return Entry.StartAt;
        }

        var periods = (now - Entry.StartAt).Ticks / Entry.Period.Ticks + 1;
        return Entry.StartAt + TimeSpan.FromTicks(Entry.Period.Ticks * periods);
    }

    public void Dispose()
    {
        Disposed = true;
        Timer?.Dispose();
    }
}
