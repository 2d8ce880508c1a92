namespace BareMetal.Storage.Orleans.Tests.Grains;

/// <summary>A grain's stored count, plus a note so a stored row shows its text.</summary>
[GenerateSerializer, Alias("BareMetal.Tests.CounterState")]
public sealed record CounterState
{
    [Id(0)] public int Count { get; init; }

    [Id(1)] public string? Note { get; init; }
}
