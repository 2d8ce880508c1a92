namespace BareMetal.Storage.Postgres;

/// <summary>
/// The advisory lock key a process takes while it migrates one schema. Every version of BareMetal that can migrate
/// the same database must take the same key for the same schema, or two of them could migrate at once during an
/// upgrade: the key is a fixed, process-independent hash (FNV-1a over the UTF-16 code units, then murmur3's
/// finalizer), never <see cref="string.GetHashCode()"/>, which is randomized per process. Do not change it.
/// </summary>
internal static class MigrationLockKey
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>The key for <paramref name="schemaName"/>: the storage's hash in the high half, the schema's in the low.</summary>
    public static long For(string schemaName) => ((long)Hash("BareMetal.Storage") << 32) | Hash(schemaName);

    internal static uint Hash(string value)
    {
        var hash = OffsetBasis;
        foreach (var c in value)
        {
            hash = (hash ^ (c & 0xFFu)) * Prime;
            hash = (hash ^ (uint)(c >> 8)) * Prime;
        }

        hash ^= hash >> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35;
        hash ^= hash >> 16;
        return hash;
    }
}
