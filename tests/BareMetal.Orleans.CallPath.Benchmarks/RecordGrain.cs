using System.Collections.Immutable;

namespace BareMetal.Orleans.CallPath.Benchmarks;

/// <summary>A node-sized record as node and operation calls pass them: strings, a list and a dictionary.</summary>
[GenerateSerializer, Alias("bench.node-record")]
public sealed record NodeRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string ProvisionState,
    [property: Id(3)] string PowerState,
    [property: Id(4)] ImmutableList<string> Traits,
    [property: Id(5)] ImmutableDictionary<string, string> Properties,
    [property: Id(6)] DateTimeOffset UpdatedAt)
{
    public static NodeRecord Sample(int i) => new(
        $"node-{i:D5}",
        $"rack-1-{i:D5}",
        "available",
        "power on",
        ["CUSTOM_GPU", "CUSTOM_RAID"],
        ImmutableDictionary<string, string>.Empty.Add("cpus", "64").Add("memory_mb", "262144").Add("local_gb", "1800").Add("cpu_arch", "x86_64"),
        DateTimeOffset.UnixEpoch.AddSeconds(i));
}

/// <summary>The same record marked immutable: Orleans passes it by reference instead of deep-copying it.</summary>
[GenerateSerializer, Immutable, Alias("bench.immutable-node-record")]
public sealed record ImmutableNodeRecord([property: Id(0)] NodeRecord Node);

[Alias("bench.record")]
public interface IRecordGrain : IGrainWithIntegerKey
{
    [Alias("echo")]
    Task<NodeRecord> Echo(NodeRecord node);

    [Alias("echo-immutable")]
    Task<ImmutableNodeRecord> EchoImmutable(ImmutableNodeRecord node);
}

public sealed class RecordGrain : Grain, IRecordGrain
{
    public Task<NodeRecord> Echo(NodeRecord node) => Task.FromResult(node);

    public Task<ImmutableNodeRecord> EchoImmutable(ImmutableNodeRecord node) => Task.FromResult(node);
}
