namespace BareMetal.Runtime;

/// <summary>An immutable set of request context entries. Copy-on-write keeps capture free for the common empty case.</summary>
public sealed class RequestContextValues
{
    /// <summary>No entries.</summary>
    public static readonly RequestContextValues Empty = new([]);

    private readonly KeyValuePair<string, object>[] _entries;

    /// <summary>Creates a set from entries (later duplicates win).</summary>
    public RequestContextValues(IEnumerable<KeyValuePair<string, object>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<KeyValuePair<string, object>>();
        foreach (var entry in entries)
        {
            list.RemoveAll(e => e.Key == entry.Key);
            list.Add(entry);
        }

        _entries = [.. list];
    }

    private RequestContextValues(KeyValuePair<string, object>[] entries, bool _) => _entries = entries;

    /// <summary>The entries.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Entries => _entries;

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public object? Get(string key)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>A copy with <paramref name="key"/> set.</summary>
    public RequestContextValues With(string key, object value)
    {
        var copy = new List<KeyValuePair<string, object>>(_entries.Length + 1);
        foreach (var entry in _entries)
        {
            if (entry.Key != key)
            {
                copy.Add(entry);
            }
        }

        copy.Add(new(key, value));
        return new RequestContextValues([.. copy], true);
    }

    /// <summary>A copy without <paramref name="key"/>.</summary>
    public RequestContextValues Without(string key) => new(Array.FindAll(_entries, e => e.Key != key), true);
}
