using BareMetal.Contracts.Fleet;

namespace BareMetal.Provisioning.Fleet;

/// <summary>
/// See <see cref="INodeNameGrain"/>. One grain per name, so two nodes claiming the same name at once are
/// serialized by the name's single activation: exactly one of them gets it.
/// </summary>
[GrainType("nodename")]
public sealed class NodeNameGrain([PersistentState("node-name")] IPersistentState<NodeNameState> name) : Grain, INodeNameGrain
{
    /// <inheritdoc />
    public async Task<bool> Claim(string nodeId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        var holder = name.State.NodeId;
        if (holder == nodeId)
        {
            return true;
        }

        if (holder is not null)
        {
            return false;
        }

        name.State = name.State with { NodeId = nodeId };
        await name.WriteStateAsync();
        return true;
    }

    /// <inheritdoc />
    public async Task Release(string nodeId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        if (name.State.NodeId == nodeId)
        {
            await name.ClearStateAsync();
        }
    }

    /// <inheritdoc />
    public Task<string?> Resolve() => Task.FromResult(name.State.NodeId);
}
