namespace BareMetal.Runtime.Concurrency;

/// <summary>
/// The grain's requests may interleave: while one request awaits, another may start. Turns still
/// never run in parallel; state is only exposed to interleaving at await points.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;
