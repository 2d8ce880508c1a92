namespace BareMetal.Api.Models;

/// <summary>The editable fields of a node, as a patch must leave them (all present after the patch is applied).</summary>
public sealed record NodeEditBody
{
    /// <summary>The unique name.</summary>
    public required string Name { get; init; }

    /// <summary>The driver.</summary>
    public required string Driver { get; init; }

    /// <summary>How the driver reaches the node; "******" keeps a stored secret.</summary>
    public required Dictionary<string, string> DriverInfo { get; init; }

    /// <summary>Hardware properties.</summary>
    public required Dictionary<string, string> Properties { get; init; }

    /// <summary>The resource class.</summary>
    public string? ResourceClass { get; init; }

    /// <summary>Traits.</summary>
    public required List<string> Traits { get; init; }

    /// <summary>The owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Operator metadata.</summary>
    public required Dictionary<string, string> Extra { get; init; }
}
