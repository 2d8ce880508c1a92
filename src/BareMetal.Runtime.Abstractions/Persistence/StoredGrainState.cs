namespace BareMetal.Runtime.Storage;

/// <summary>A stored state row.</summary>
/// <param name="Payload">The serialized state (UTF-8 JSON), or null when the state was cleared.</param>
/// <param name="ETag">The row version.</param>
public sealed record StoredGrainState(byte[]? Payload, string ETag);
