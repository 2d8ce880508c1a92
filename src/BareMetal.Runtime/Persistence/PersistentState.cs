using System.Text.Json;
using BareMetal.Runtime.Serialization;
using BareMetal.Runtime.Storage;

namespace BareMetal.Runtime.Persistence;

/// <summary>
/// The runtime's <see cref="IPersistentState{TState}"/>: JSON payload, ETag-checked writes. It keeps
/// the ETag it last saw; a write from an activation that lost the race fails instead of overwriting.
/// </summary>
internal sealed class PersistentState<TState>(GrainStateKey key, IGrainStorage storage, RuntimeSerializer serializer)
    : IPersistentState<TState>, IPersistentStateLoader
{
    private TState _state = CreateDefault(serializer);

    public TState State
    {
        get => _state;
        set => _state = value;
    }

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await storage.ReadAsync(key, cancellationToken);
        Etag = stored?.ETag;
        RecordExists = stored?.Payload is not null;
        _state = stored?.Payload is { } payload
            ? serializer.Deserialize<TState>(payload) ?? CreateDefault(serializer)
            : CreateDefault(serializer);
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var payload = serializer.Serialize(_state);
        Etag = await storage.WriteAsync(key, payload, Etag, cancellationToken);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        Etag = await storage.ClearAsync(key, Etag, cancellationToken);
        RecordExists = false;
        _state = CreateDefault(serializer);
    }

    private static TState CreateDefault(RuntimeSerializer serializer)
    {
        var type = typeof(TState);
        if (type.IsValueType || type == typeof(string))
        {
            return default!;
        }

        if (type.GetConstructor(Type.EmptyTypes) is not null)
        {
            return Activator.CreateInstance<TState>();
        }

        // Positional records have no parameterless constructor; the serializer builds one from "{}" with defaults.
        return JsonSerializer.Deserialize<TState>("{}"u8, serializer.Options)!;
    }
}
