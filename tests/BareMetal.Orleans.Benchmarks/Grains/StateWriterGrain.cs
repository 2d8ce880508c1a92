namespace BareMetal.Orleans.Benchmarks.Grains;

/// <summary>Rewrites its ~4 KB state on every call, the way a node grain rewrites its record on every accepted action.</summary>
public abstract class StateWriterGrain(IPersistentState<WriterState> state) : Grain, IStateWriterGrain
{
    private const int BodyLength = 4096;
    private string? _text;

    public async Task<int> Write()
    {
        _text ??= RandomText(BodyLength - 12);
        var version = state.State.Version + 1;
        state.State = new WriterState { Version = version, Body = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{version:D12}{_text}") };
        await state.WriteStateAsync();
        return version;
    }

    private static string RandomText(int length)
    {
        const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
        return string.Create(length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Letters[Random.Shared.Next(Letters.Length)];
            }
        });
    }
}

[GrainType("writer-groupcommit")]
public sealed class GroupCommitStateWriterGrain([PersistentState("writer", BenchmarkStorageNames.GroupCommit)] IPersistentState<WriterState> state)
    : StateWriterGrain(state), IGroupCommitStateWriterGrain;

[GrainType("writer-adonet")]
public sealed class AdoNetStateWriterGrain([PersistentState("writer", BenchmarkStorageNames.AdoNet)] IPersistentState<WriterState> state)
    : StateWriterGrain(state), IAdoNetStateWriterGrain;
