using System.Globalization;

namespace BareMetal.Runtime;

/// <summary>
/// The identity of a grain: its grain type (e.g. <c>node</c>) and its key. Guid and integer keys
/// are stored in a canonical string form so one identity type serves all key kinds and crosses
/// the network as two strings.
/// </summary>
public readonly record struct GrainId(string Type, string Key) : IComparable<GrainId>
{
    /// <summary>Creates the identity of a string-keyed grain.</summary>
    public static GrainId Create(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        return new GrainId(type, key);
    }

    /// <summary>Creates the identity of a guid-keyed grain.</summary>
    public static GrainId Create(string type, Guid key) => Create(type, key.ToString("N"));

    /// <summary>Creates the identity of an integer-keyed grain.</summary>
    public static GrainId Create(string type, long key) => Create(type, key.ToString(CultureInfo.InvariantCulture));

    /// <summary>The key as a guid; throws when the key is not a guid.</summary>
    public Guid GetGuidKey() => Guid.ParseExact(Key, "N");

    /// <summary>The key as an integer; throws when the key is not an integer.</summary>
    public long GetIntegerKey() => long.Parse(Key, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>
    /// A hash that is the same on every process and every run (string.GetHashCode is randomized
    /// per process), used for placement on the hash ring and for partitioning reminders.
    /// </summary>
    public uint GetUniformHashCode() => StableHash.Combine(StableHash.Compute(Type), StableHash.Compute(Key));

    /// <summary>Parses the <c>type/key</c> form produced by <see cref="ToString"/>.</summary>
    public static GrainId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{value}' is not a grain id; expected 'type/key'.");
        }

        return new GrainId(value[..slash], value[(slash + 1)..]);
    }

    /// <inheritdoc />
    public int CompareTo(GrainId other)
    {
        var byType = string.CompareOrdinal(Type, other.Type);
        return byType != 0 ? byType : string.CompareOrdinal(Key, other.Key);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";
}
