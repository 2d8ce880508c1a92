namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>A grain directory row.</summary>
/// <param name="Silo">The name of the silo holding the grain.</param>
/// <param name="Address">Its address.</param>
/// <param name="Epoch">The registration's epoch.</param>
public sealed record DirectoryRow(string Silo, string Address, long Epoch);

/// <summary>A grain state row.</summary>
/// <param name="Version">The version (ETag).</param>
/// <param name="Payload">The JSON payload, null for a tombstone.</param>
/// <param name="UpdatedAt">When it was last written (the writing silo's clock).</param>
public sealed record StateRow(long Version, string? Payload, DateTimeOffset UpdatedAt);
