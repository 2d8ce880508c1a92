namespace BareMetal.Runtime;

/// <summary>
/// Small key/value context that flows with a call: set it before calling a grain and the grain (and
/// every grain it calls in turn) sees it. Values should be immutable and serializable (strings,
/// numbers), because in a cluster they cross the network. The trace parent and the call deadline
/// travel separately in message headers.
/// </summary>
public static class RequestContext
{
    /// <summary>The key under which <see cref="CallerIdentity"/> is kept.</summary>
    public const string CallerIdentityKey = "bm-caller";

    private static readonly AsyncLocal<RequestContextValues?> s_values = new();

    /// <summary>Who the original caller is (a user, an API key, a service), as the gateway set it.</summary>
    public static string? CallerIdentity
    {
        get => Get(CallerIdentityKey) as string;
        set
        {
            if (value is null)
            {
                Remove(CallerIdentityKey);
            }
            else
            {
                Set(CallerIdentityKey, value);
            }
        }
    }

    /// <summary>The value for <paramref name="key"/>, or null.</summary>
    public static object? Get(string key) => s_values.Value?.Get(key);

    /// <summary>Sets <paramref name="key"/> for the current async flow and the calls it makes.</summary>
    public static void Set(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        s_values.Value = (s_values.Value ?? RequestContextValues.Empty).With(key, value);
    }

    /// <summary>Removes <paramref name="key"/>; true if it was present.</summary>
    public static bool Remove(string key)
    {
        var current = s_values.Value;
        if (current is null || current.Get(key) is null)
        {
            return false;
        }

        s_values.Value = current.Without(key);
        return true;
    }

    /// <summary>Removes every value.</summary>
    public static void Clear() => s_values.Value = null;

    /// <summary>The current values as an immutable snapshot (what the runtime copies into a message).</summary>
    public static RequestContextValues? Capture() => s_values.Value;

    /// <summary>Replaces the current values (the runtime calls this when a request starts).</summary>
    public static void Restore(RequestContextValues? values) => s_values.Value = values;
}
