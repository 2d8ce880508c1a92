namespace BareMetal.Runtime;

/// <summary>
/// Overrides the call timeout for the grain calls made in a scope:
/// <code>using (GrainCallTimeout.Override(TimeSpan.FromSeconds(2))) { await grain.DoAsync(); }</code>
/// A <c>[ResponseTimeout]</c> on the method still wins; the caller's own deadline (when it is itself in
/// a grain call) still caps it.
/// </summary>
public static class GrainCallTimeout
{
    private static readonly AsyncLocal<TimeSpan?> s_override = new();

    /// <summary>The override in force, if any.</summary>
    public static TimeSpan? Current => s_override.Value;

    /// <summary>Sets the timeout until the returned scope is disposed.</summary>
    public static Scope Override(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var scope = new Scope(s_override.Value);
        s_override.Value = timeout;
        return scope;
    }

    /// <summary>Restores the previous override when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly TimeSpan? _previous;

        internal Scope(TimeSpan? previous) => _previous = previous;

        /// <inheritdoc />
        public void Dispose() => s_override.Value = _previous;
    }
}
