
namespace BareMetal.Contracts.Nodes;

/// <summary>What an operator gives to enroll a node.</summary>
/// <param name="Name">A human-friendly name, unique in the fleet.</param>
/// <param name="Driver">The hardware driver that manages it (e.g. "fake-hardware").</param>
/// <param name="DriverInfo">How the driver reaches the node (BMC address, credentials, ...); none when null.</param>
[GenerateSerializer, Immutable, Alias("baremetal.NodeEnrollment")]
public sealed record NodeEnrollment([property: Id(0)] string Name, [property: Id(1)] string Driver, [property: Id(2)] IReadOnlyDictionary<string, string>? DriverInfo = null)
{
    /// <summary>Hardware properties (cpus, memory_mb, local_gb, cpu_arch, ...); none when null.</summary>
    [Id(3)]
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>The resource class schedulers match on (e.g. "baremetal.large").</summary>
    [Id(4)]
    public string? ResourceClass { get; init; }

    /// <summary>Traits (e.g. "CUSTOM_GPU"), each at most once.</summary>
    [Id(5)]
    public IReadOnlyList<string>? Traits { get; init; }

    /// <summary>The project or tenant that owns the node.</summary>
    [Id(6)]
    public string? Owner { get; init; }

    /// <summary>Free text for operators.</summary>
    [Id(7)]
    public string? Description { get; init; }

    /// <summary>Arbitrary operator metadata.</summary>
    [Id(8)]
    public IReadOnlyDictionary<string, string>? Extra { get; init; }
}
