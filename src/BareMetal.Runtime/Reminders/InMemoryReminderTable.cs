using System.Globalization;

namespace BareMetal.Runtime.Reminders;

/// <summary>
/// A reminder table in process memory, with the same semantics as the database providers. For tests
/// and throwaway silos: reminders do not survive the process.
/// </summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly Dictionary<(GrainId, string), ReminderEntry> _rows = [];
    private readonly Lock _lock = new();
    private long _version;

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(
                _rows.Values.Where(r => InRange(r.GrainHash, beginExclusive, endInclusive)).ToList());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(_rows.Values.Where(r => r.GrainId == grainId).ToList());
        }
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.GetValueOrDefault((grainId, reminderName)));
        }
    }

    /// <inheritdoc />
    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            var etag = (++_version).ToString(CultureInfo.InvariantCulture);
            _rows[(entry.GrainId, entry.ReminderName)] = entry with { ETag = etag };
            return Task.FromResult(etag);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue((grainId, reminderName), out var row) && row.ETag == eTag)
            {
                _rows.Remove((grainId, reminderName));
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        }
    }

    /// <summary>Whether <paramref name="hash"/> lies in the ring range (begin, end]; begin == end is the whole ring.</summary>
    public static bool InRange(uint hash, uint beginExclusive, uint endInclusive) =>
        beginExclusive == endInclusive
        || (beginExclusive < endInclusive
            ? hash > beginExclusive && hash <= endInclusive
            : hash > beginExclusive || hash <= endInclusive);
}
