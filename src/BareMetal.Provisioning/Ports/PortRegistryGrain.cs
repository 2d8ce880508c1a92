using BareMetal.Contracts.Ports;

namespace BareMetal.Provisioning.Ports;

/// <summary>See <see cref="IPortRegistryGrain"/>. Addresses are compared as given: callers normalize them.</summary>
[GrainType("portregistry")]
public sealed class PortRegistryGrain([PersistentState("ports")] IPersistentState<PortRegistryState> state) : Grain, IPortRegistryGrain
{
    /// <inheritdoc />
    public async Task<PortRecord> Create(PortRecord port)
    {
        ArgumentNullException.ThrowIfNull(port);
        var current = state.State;
        if (current.Ports.ContainsKey(port.Id))
        {
            throw new PortAddressTakenException($"A port with UUID {port.Id} already exists.");
        }

        if (current.Ports.Values.Any(p => string.Equals(p.Address, port.Address, StringComparison.OrdinalIgnoreCase)))
        {
            throw PortAddressTakenException.ForAddress(port.Address);
        }

        state.State = current with { Ports = current.Ports.Add(port.Id, port) };
        await state.WriteStateAsync();
        return port;
    }

    /// <inheritdoc />
    public Task<PortRecord?> Get(string portId) =>
        Task.FromResult(state.State.Ports.TryGetValue(portId, out var port) ? port : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<PortRecord>> List(string? nodeId) =>
        Task.FromResult<IReadOnlyList<PortRecord>>(state.State.Ports.Values
            .Where(p => nodeId is null || p.NodeId == nodeId)
            .OrderBy(p => p.CreatedAt)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList());

    /// <inheritdoc />
    public async Task<bool> Delete(string portId)
    {
        var current = state.State;
        if (!current.Ports.ContainsKey(portId))
        {
            return false;
        }

        state.State = current with { Ports = current.Ports.Remove(portId) };
        await state.WriteStateAsync();
        return true;
    }

    /// <inheritdoc />
    public async Task<int> DeleteNodePorts(string nodeId)
    {
        var current = state.State;
        var owned = current.Ports.Values.Where(p => p.NodeId == nodeId).Select(p => p.Id).ToList();
        if (owned.Count == 0)
        {
            return 0;
        }

        state.State = current with { Ports = current.Ports.RemoveRange(owned) };
        await state.WriteStateAsync();
        return owned.Count;
    }
}
