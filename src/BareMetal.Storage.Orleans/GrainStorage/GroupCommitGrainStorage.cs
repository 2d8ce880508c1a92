using BareMetal.Storage.Schema;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace BareMetal.Storage.Orleans.GrainStorage;

/// <summary>
/// Orleans grain storage over our group-commit grain-state store (BareMetal.Storage's PostgreSQL or SQLite
/// <c>grain_state</c> table): concurrent writes from many grains leave as one batch and one transaction, each
/// with its own ETag check. Rows are keyed (grain type, grain key, state name), as BareMetal has always keyed them,
/// and payloads go through an <see cref="IGrainStorageSerializer"/> (System.Text.Json by default).
/// </summary>
public sealed class GroupCommitGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly string _name;
    private readonly IGrainStateStore _store;
    private readonly ISchemaInitializer? _schema;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;

    /// <param name="name">The provider name, for lifecycle and errors.</param>
    /// <param name="store">The group-commit store; disposed with this storage when it is disposable.</param>
    /// <param name="schema">Migrated when the silo starts; null when the caller migrates it.</param>
    /// <param name="serializer">How states become payloads.</param>
    /// <param name="activators">Creates the empty state of a grain that has none stored.</param>
    public GroupCommitGrainStorage(string name, IGrainStateStore store, ISchemaInitializer? schema, IGrainStorageSerializer serializer, IActivatorProvider activators)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(activators);
        _name = name;
        _store = store;
        _schema = schema;
        _serializer = serializer;
        _activators = activators;
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var stored = await _store.ReadAsync(KeyOf(stateName, grainId), CancellationToken.None).ConfigureAwait(false);

        // A cleared state is a tombstone row: no payload, but its ETag must be kept so the next write passes the check.
        grainState.ETag = stored?.ETag;
        grainState.RecordExists = stored?.Payload is not null;
        grainState.State = stored?.Payload is { } payload ? _serializer.Deserialize<T>(new BinaryData(payload)) : CreateEmpty<T>();
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = _serializer.Serialize(grainState.State).ToMemory();
        try
        {
            grainState.ETag = await _store.WriteAsync(KeyOf(stateName, grainId), payload, grainState.ETag, CancellationToken.None).ConfigureAwait(false);
        }
        catch (GrainStateConflictException refused)
        {
            throw Refused(refused);
        }

        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        try
        {
            grainState.ETag = await _store.ClearAsync(KeyOf(stateName, grainId), grainState.ETag, CancellationToken.None).ConfigureAwait(false);
        }
        catch (GrainStateConflictException refused)
        {
            throw Refused(refused);
        }

        grainState.RecordExists = false;
        grainState.State = CreateEmpty<T>();
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        if (_schema is { } schema)
        {
            lifecycle.Subscribe(
                $"{nameof(GroupCommitGrainStorage)}-{_name}",
                ServiceLifecycleStage.RuntimeInitialize - 1,
                async cancellationToken => await schema.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Closes the store's connection pool.</summary>
    public ValueTask DisposeAsync() => _store is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    // The grain type and key as Orleans prints them ("node", "n-42"): the same strings the runtime BareMetal ran on
    // before Orleans stored, so rows it wrote read back.
    private static GrainStateKey KeyOf(string stateName, GrainId grainId) =>
        new(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);

    private T CreateEmpty<T>() => _activators.GetActivator<T>().Create();

    // Orleans' own exception, so grain code and Orleans (which deactivates a grain whose write was refused) see the
    // type they expect; the stored and expected ETags travel with it. The store's exception is not attached as the
    // inner one: the exception crosses the wire to the caller, and Orleans has no codec for the store's types.
    private InconsistentStateException Refused(GrainStateConflictException refused) =>
        new($"Storage {_name} refused a write of {refused.StateKey}: the stored ETag is {refused.StoredETag ?? "none"}, the grain held {refused.ExpectedETag ?? "none"}.",
            refused.StoredETag ?? string.Empty,
            refused.ExpectedETag ?? string.Empty);
}
