using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
    // Resolved once per activation instead of once per read and write. Writes may use a registered source-generated
    // contract (same JSON, no reflection-based converters); reads always use the silo serializer's.
    private readonly JsonTypeInfo<TState> _typeInfo = serializer.GetTypeInfo<TState>();
    private readonly JsonTypeInfo<TState> _writeTypeInfo = serializer.GetStateWriteTypeInfo<TState>();
    private TState _state = default!;
    private bool _hasState;

    public TState State
    {
        get
        {
            if (!_hasState)
            {
                // Built on first use: the activation reads the stored state before grain code runs, so the
                // default is usually never needed (and was built twice per activation on a miss before).
                _state = DefaultState.Create(serializer);
                _hasState = true;
            }

            return _state;
        }

        set
        {
            _state = value;
            _hasState = true;
        }
    }

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await storage.ReadAsync(key, cancellationToken);
        Etag = stored?.ETag;
        RecordExists = stored?.Payload is not null;
        if (stored?.Payload is { } payload && JsonSerializer.Deserialize(payload, _typeInfo) is { } state)
        {
            State = state;
        }
        else
        {
            _hasState = false;
        }
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        // One exact-size array: the relational stores send it as it is, without another copy.
        var payload = JsonSerializer.SerializeToUtf8Bytes(State, _writeTypeInfo);
        Etag = await storage.WriteAsync(key, payload, Etag, cancellationToken);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        Etag = await storage.ClearAsync(key, Etag, cancellationToken);
        RecordExists = false;
        _hasState = false;
    }

    /// <summary>The state of a grain that has none stored yet.</summary>
    private static class DefaultState
    {
        // An immutable default can be shared by every activation; a mutable one must be fresh each time.
        private static TState? s_shared;
        private static bool s_sharedReady;

        public static TState Create(RuntimeSerializer serializer)
        {
            if (s_sharedReady)
            {
                return s_shared!;
            }

            var state = Build(serializer);
            if (ShallowCopyable<TState>.Value)
            {
                s_shared = state;
                Volatile.Write(ref s_sharedReady, true);
            }

            return state;
        }

        private static TState Build(RuntimeSerializer serializer)
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
            return JsonSerializer.Deserialize("{}"u8, serializer.GetTypeInfo<TState>())!;
        }
    }
}
