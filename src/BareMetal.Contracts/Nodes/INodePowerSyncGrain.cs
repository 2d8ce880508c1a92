
namespace BareMetal.Contracts.Nodes;

/// <summary>
/// The node's power-state sync, seen from its own workers: a power read (or a power action that puts the
/// recorded state back on the hardware) runs outside the node's turn and reports here.
/// </summary>
[Alias("baremetal.INodePowerSyncGrain")]
public interface INodePowerSyncGrain : IGrainWithStringKey
{
    /// <summary>
    /// For the node's own power-sync workers: the result of a power read or of restoring the recorded power
    /// state. Reports of a sync that is no longer the current one are ignored.
    /// </summary>
    [Alias("PowerSyncCompleted")]
    Task PowerSyncCompleted(NodePowerSyncReport report);
}
