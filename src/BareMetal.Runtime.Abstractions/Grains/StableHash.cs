using System.Runtime.CompilerServices;

namespace BareMetal.Runtime;

/// <summary>
/// A process-independent 32-bit hash (FNV-1a over UTF-16 code units with a final avalanche).
/// The framework's XxHash lives in a package this project cannot restore, and string hashes are
/// randomized per process, so placement needs its own.
/// </summary>
public static class StableHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>Hashes a string.</summary>
    public static uint Compute(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = OffsetBasis;
        foreach (var c in value)
        {
            hash = (hash ^ (c & 0xFFu)) * Prime;
            hash = (hash ^ (uint)(c >> 8)) * Prime;
        }

        return Avalanche(hash);
    }

    /// <summary>Combines two hashes order-dependently.</summary>
    public static uint Combine(uint first, uint second) => Avalanche(first * 31 + second + 0x9E3779B9u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Avalanche(uint h)
    {
        // murmur3's finalizer: spreads the low-entropy FNV output over all bits so ring ranges fill evenly.
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }
}
