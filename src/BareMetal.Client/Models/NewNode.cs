namespace BareMetal.Client.Models;

/// <summary>A node to enroll.</summary>
public sealed record NewNode
{
    /// <summary>The hardware driver (for example "fake-hardware").</summary>
    public required string Driver { get; init; }

    /// <summary>The node id (a UUID); the server picks one when null.</summary>
    public string? Id { get; init; }

    /// <summary>A unique name (not a UUID); the id when null.</summary>
    public string? Name { get; init; }

    /// <summary>How the driver reaches the node.</summary>
    public IReadOnlyDictionary<string, string>? DriverInfo { get; init; }

    /// <summary>Hardware properties.</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>The resource class.</summary>
    public string? ResourceClass { get; init; }

    /// <summary>Traits.</summary>
    public IReadOnlyList<string>? Traits { get; init; }

    /// <summary>The owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Operator metadata.</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; init; }
}
