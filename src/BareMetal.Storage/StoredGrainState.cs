namespace BareMetal.Storage;

/// <summary>A stored state row as read.</summary>
/// <param name="Payload">The serialized state, or null when the state was cleared (a tombstone row).</param>
/// <param name="ETag">The row's version; the ETag the next write must present.</param>
public sealed record StoredGrainState(byte[]? Payload, string ETag);
