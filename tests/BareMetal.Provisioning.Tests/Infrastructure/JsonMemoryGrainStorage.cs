using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BareMetal.Provisioning.Tests.Infrastructure;

/// <summary>
/// Grain storage in memory, shared by every silo of a test cluster, that keeps each state as the JSON our storage
/// writes (fields included, enums by name) with an ETag per row: a write with a stale ETag, or an insert over an
/// existing row, throws Orleans' <see cref="InconsistentStateException"/>, as a database row would refuse it.
/// </summary>
public sealed class JsonMemoryGrainStorage : IGrainStorage
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.General)
    {
        IncludeFields = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly ConcurrentDictionary<(GrainId Grain, string State), StoredRow> _rows = new();
    private long _version;

    /// <summary>The stored JSON of one state, or null when none is stored.</summary>
    public byte[]? Payload(GrainId grainId, string stateName) => _rows.TryGetValue((grainId, stateName), out var row) ? row.Payload : null;

    /// <summary>Changes a stored row as another writer would (a new ETag): what an activation elsewhere writing the state looks like.</summary>
    public void Rewrite(GrainId grainId, string stateName, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var key = (grainId, stateName);
        var row = _rows[key];
        var json = JsonNode.Parse(row.Payload)!.AsObject();
        change(json);
        var etag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
        _rows[key] = new StoredRow(JsonSerializer.SerializeToUtf8Bytes(json, s_json), etag);
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_rows.TryGetValue((grainId, stateName), out var row))
        {
            grainState.State = JsonSerializer.Deserialize<T>(row.Payload, s_json)!;
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (grainId, stateName);
        var payload = JsonSerializer.SerializeToUtf8Bytes(grainState.State, s_json);
        var etag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
        var written = grainState.ETag is null
            ? _rows.TryAdd(key, new StoredRow(payload, etag))
            : _rows.TryGetValue(key, out var current) && current.ETag == grainState.ETag && _rows.TryUpdate(key, new StoredRow(payload, etag), current);
        if (!written)
        {
            throw new InconsistentStateException($"State {stateName} of {grainId} was written by someone else.", _rows.TryGetValue(key, out var stored) ? stored.ETag : "none", grainState.ETag ?? "none");
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (grainId, stateName);
        if (_rows.TryGetValue(key, out var current))
        {
            if (current.ETag != grainState.ETag || !_rows.TryRemove(new KeyValuePair<(GrainId, string), StoredRow>(key, current)))
            {
                throw new InconsistentStateException($"State {stateName} of {grainId} was written by someone else.", current.ETag, grainState.ETag ?? "none");
            }
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private sealed record StoredRow(byte[] Payload, string ETag);
}
