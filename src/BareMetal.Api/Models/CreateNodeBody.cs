namespace BareMetal.Api.Models;

/// <summary>The body of POST /api/nodes.</summary>
public sealed record CreateNodeBody
{
    /// <summary>The node id (a UUID); a new one when omitted.</summary>
    public string? Id { get; init; }

    /// <summary>A unique name (not a UUID); the id when omitted.</summary>
    public string? Name { get; init; }

    /// <summary>The hardware driver (e.g. "fake-hardware").</summary>
    public required string Driver { get; init; }

    /// <summary>How the driver reaches the node.</summary>
    public Dictionary<string, string>? DriverInfo { get; init; }

    /// <summary>Hardware properties.</summary>
    public Dictionary<string, string>? Properties { get; init; }

    /// <summary>The resource class.</summary>
    public string? ResourceClass { get; init; }

    /// <summary>Traits.</summary>
    public List<string>? Traits { get; init; }

    /// <summary>The owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Operator metadata.</summary>
    public Dictionary<string, string>? Extra { get; init; }
}
