using BareMetal.Runtime.Serialization;

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
[Immutable]
public sealed record NodeEdit(
    string Name,
    string Driver,
    IReadOnlyDictionary<string, string> DriverInfo,
    IReadOnlyDictionary<string, string> Properties,
    string? ResourceClass,
    IReadOnlyList<string> Traits,
    string? Owner,
    string? Description,
    IReadOnlyDictionary<string, string> Extra)
{
    /// <summary>
    /// What the next deployment uses (Ironic's instance_info), sent whole; null leaves it as it is, so callers that do
    /// not edit it need not read it first.
    /// </summary>
    public IReadOnlyDictionary<string, string>? InstanceInfo { get; init; }
}
