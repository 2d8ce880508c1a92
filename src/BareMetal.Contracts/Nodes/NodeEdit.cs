
namespace BareMetal.Contracts.Nodes;

/// <summary>
/// The editable fields of a node, all of them: an API patch is applied to the node's current view and the
/// result is sent whole. A driver_info value equal to <see cref="NodeSecrets.Mask"/> keeps the stored
/// secret, so a client that echoes back what it read never erases a password it cannot see.
/// </summary>
/// <param name="Name">The name (unique in the fleet).</param>
/// <param name="Driver">The driver; changing it is allowed where Ironic allows it (not while work is pending).</param>
/// <param name="DriverInfo">How the driver reaches the node.</param>
/// <param name="Properties">Hardware properties.</param>
/// <param name="ResourceClass">The resource class.</param>
/// <param name="Traits">The traits.</param>
/// <param name="Owner">The owner.</param>
/// <param name="Description">Free text.</param>
/// <param name="Extra">Operator metadata.</param>
[GenerateSerializer, Immutable, Alias("baremetal.NodeEdit")]
public sealed record NodeEdit(
    [property: Id(0)] string Name,
    [property: Id(1)] string Driver,
    [property: Id(2)] IReadOnlyDictionary<string, string> DriverInfo,
    [property: Id(3)] IReadOnlyDictionary<string, string> Properties,
    [property: Id(4)] string? ResourceClass,
    [property: Id(5)] IReadOnlyList<string> Traits,
    [property: Id(6)] string? Owner,
    [property: Id(7)] string? Description,
    [property: Id(8)] IReadOnlyDictionary<string, string> Extra)
{
    /// <summary>
    /// What the next deployment uses (Ironic's instance_info), sent whole; null leaves it as it is, so callers that do
    /// not edit it need not read it first.
    /// </summary>
    [Id(9)]
    public IReadOnlyDictionary<string, string>? InstanceInfo { get; init; }
}
