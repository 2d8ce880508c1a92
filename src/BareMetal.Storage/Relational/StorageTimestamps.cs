namespace BareMetal.Storage.Relational;

/// <summary>Timestamp normalization shared by the engines.</summary>
internal static class StorageTimestamps
{
    /// <summary>
    /// PostgreSQL keeps microseconds, so both engines store timestamps truncated to microseconds in UTC;
    /// a value then reads back identically whichever engine wrote it.
    /// </summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }
}
