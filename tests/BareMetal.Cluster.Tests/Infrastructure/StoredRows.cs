namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>A grain state row.</summary>
/// <param name="Version">The version (ETag).</param>
/// <param name="Payload">The JSON payload, null for a tombstone.</param>
/// <param name="UpdatedAt">When it was last written (the writing silo's clock).</param>
public sealed record StateRow(long Version, string? Payload, DateTimeOffset UpdatedAt);
