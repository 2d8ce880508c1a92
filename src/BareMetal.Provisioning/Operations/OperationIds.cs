using System.Security.Cryptography;

namespace BareMetal.Provisioning.Operations;

/// <summary>Operation ids: <c>op-</c> followed by 128 random bits as 32 lower-case hex digits (a GUID's "N" shape).</summary>
public static class OperationIds
{
    /// <summary>The prefix of every operation id.</summary>
    public const string Prefix = "op-";

    private const int IdBytes = 16;

    // Random bytes drawn from the system a page at a time: a fresh draw per id was a measurable share of an accepted
    // action's CPU, and ids must stay unguessable (they name operations in URLs), so not a counter.
    [ThreadStatic]
    private static byte[]? t_pool;

    [ThreadStatic]
    private static int t_used;

    /// <summary>A new, unique operation id.</summary>
    public static string New()
    {
        var pool = t_pool ??= new byte[4096];
        if (t_used == 0 || t_used + IdBytes > pool.Length)
        {
            RandomNumberGenerator.Fill(pool);
            t_used = 0;
        }

        var id = Prefix + new Guid(pool.AsSpan(t_used, IdBytes)).ToString("N");
        t_used += IdBytes;
        return id;
    }
}
