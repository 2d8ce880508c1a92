namespace BareMetal.Orleans.Benchmarks.Grains;

/// <summary>About the size of a node's state: a version and ~4 KB of text that changes with every write.</summary>
[GenerateSerializer, Alias("BareMetal.Benchmarks.WriterState")]
public sealed record WriterState
{
    [Id(0)] public int Version { get; init; }

    [Id(1)] public string Body { get; init; } = string.Empty;
}
