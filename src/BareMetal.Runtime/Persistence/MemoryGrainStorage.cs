using System.Globalization;
using BareMetal.Runtime.Storage;

namespace BareMetal.Runtime.Persistence;

/// <summary>
/// Grain storage in process memory with the same optimistic semantics as the database providers.
/// For tests and throwaway silos: everything is lost when the process ends.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<GrainStateKey, StoredGrainState> _rows = [];
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue(key, out var row) ? row with { Payload = row.Payload?.ToArray() } : null);
        }
    }

    /// <inheritdoc />
    public Task<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, string? expectedETag, CancellationToken cancellationToken) =>
        Task.FromResult(Replace(key, payload.ToArray(), expectedETag));

    /// <inheritdoc />
    public Task<string> ClearAsync(GrainStateKey key, string? expectedETag, CancellationToken cancellationToken) =>
        Task.FromResult(Replace(key, null, expectedETag));

    private string Replace(GrainStateKey key, byte[]? payload, string? expectedETag)
    {
        lock (_lock)
        {
            _rows.TryGetValue(key, out var existing);
            if (existing?.ETag != expectedETag)
            {
                throw new InconsistentStateException(key.ToString(), existing?.ETag, expectedETag);
            }

            var version = existing is null ? 1 : long.Parse(existing.ETag, CultureInfo.InvariantCulture) + 1;
            var etag = version.ToString(CultureInfo.InvariantCulture);
            _rows[key] = new StoredGrainState(payload, etag);
            return etag;
        }
    }
}
