
namespace BareMetal.Contracts.Fleet;

/// <summary>A node name's reservation (keyed by the name): makes names unique in the fleet and resolves a name to its node.</summary>
[Alias("baremetal.INodeNameGrain")]
public interface INodeNameGrain : IGrainWithStringKey
{
    /// <summary>Reserves the name for <paramref name="nodeId"/>; true when it is now (or already was) that node's, false when another node holds it.</summary>
    [Alias("Claim")]
    Task<bool> Claim(string nodeId);

    /// <summary>Gives the name up, if <paramref name="nodeId"/> holds it.</summary>
    [Alias("Release")]
    Task Release(string nodeId);

    /// <summary>The node holding the name, or null.</summary>
    [Alias("Resolve")]
    Task<string?> Resolve();
}
