namespace BareMetal.Runtime.Concurrency;

/// <summary>The method does not change grain state: read-only requests may interleave with each other (but not with writers).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;
