namespace BareMetal.Runtime.Concurrency;

/// <summary>Fire and forget: the caller's task completes when the message is sent; no response or exception comes back.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;
