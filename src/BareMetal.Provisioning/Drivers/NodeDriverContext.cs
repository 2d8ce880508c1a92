using System.Text;

namespace BareMetal.Provisioning.Drivers;

/// <summary>
/// What a driver needs to know about a node for one step. <see cref="DriverInfo"/> holds secrets
/// (BMC passwords): <see cref="ToString"/> prints its keys only, and drivers never log its values.
/// </summary>
/// <param name="NodeId">The node.</param>
/// <param name="DriverInfo">Ironic's driver_info: BMC address, credentials, ...</param>
/// <param name="Properties">Ironic's properties: cpus, memory, disk sizes, ...</param>
public sealed record NodeDriverContext(
    string NodeId,
    IReadOnlyDictionary<string, string> DriverInfo,
    IReadOnlyDictionary<string, string> Properties)
{
    /// <summary>A context without driver_info or properties.</summary>
    public static NodeDriverContext ForNode(string nodeId) =>
        new(nodeId, new Dictionary<string, string>(), new Dictionary<string, string>());

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("NodeId = ").Append(NodeId)
            .Append(", DriverInfo keys = [").AppendJoin(", ", DriverInfo.Keys).Append(']')
            .Append(", Properties = [").AppendJoin(", ", Properties.Select(p => $"{p.Key}={p.Value}")).Append(']');
        return true;
    }
}
