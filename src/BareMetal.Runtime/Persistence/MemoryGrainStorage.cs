using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using BareMetal.Runtime.Storage;

namespace BareMetal.Runtime.Persistence;

/// <summary>
/// Grain storage in process memory with the same optimistic semantics as the database providers.
/// For tests and throwaway silos: everything is lost when the process ends.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    // Rows are replaced whole with a compare-and-swap, so writers of different grains never wait on each other.
    private readonly ConcurrentDictionary<GrainStateKey, Row> _rows = new();

    /// <inheritdoc />
    public Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryGetValue(key, out var row) ? new StoredGrainState(row.Payload?.ToArray(), row.ETag) : null);

    /// <inheritdoc />
    public Task<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, string? expectedETag, CancellationToken cancellationToken)
    {
        // Like the database providers, a payload that is a whole array is kept as it is (the caller hands it over).
        var bytes = MemoryMarshal.TryGetArray(payload, out var segment) && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length
            ? array
            : payload.ToArray();
        return Task.FromResult(Replace(key, bytes, expectedETag));
    }

    /// <inheritdoc />
    public Task<string> ClearAsync(GrainStateKey key, string? expectedETag, CancellationToken cancellationToken) =>
        Task.FromResult(Replace(key, null, expectedETag));

    private string Replace(GrainStateKey key, byte[]? payload, string? expectedETag)
    {
        while (true)
        {
            if (!_rows.TryGetValue(key, out var existing))
            {
                if (expectedETag is not null)
                {
                    throw new InconsistentStateException(key.ToString(), null, expectedETag);
                }

                var first = new Row(payload, 1);
                if (_rows.TryAdd(key, first))
                {
                    return first.ETag;
                }

                continue;
            }

            if (existing.ETag != expectedETag)
            {
                throw new InconsistentStateException(key.ToString(), existing.ETag, expectedETag);
            }

            var next = new Row(payload, existing.Version + 1);
            if (_rows.TryUpdate(key, next, existing))
            {
                return next.ETag;
            }
        }
    }

    private sealed class Row(byte[]? payload, long version)
    {
        public byte[]? Payload { get; } = payload;

        public long Version { get; } = version;

        public string ETag { get; } = version.ToString(CultureInfo.InvariantCulture);
    }
}
