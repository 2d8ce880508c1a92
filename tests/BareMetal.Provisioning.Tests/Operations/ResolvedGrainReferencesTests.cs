using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Operations;

namespace BareMetal.Provisioning.Tests.Operations;

/// <summary>References built from resolved grain types are the ones Orleans builds, and reach the same activations.</summary>
public sealed class ResolvedGrainReferencesTests(OperationClusterFixture fixture) : IClassFixture<OperationClusterFixture>
{
    [Fact]
    public async Task A_resolved_reference_equals_Orleans_own_and_reaches_the_same_grain_on_every_call()
    {
        var id = OperationIds.New();
        var request = new OperationRequest("node-resolved", OperationAction.PowerOn, null, null, "alice", null);

        // The first call resolves the types through Orleans; the later ones reuse them.
        var first = fixture.GrainFactory.GetResolvedGrain<IOperationGrain>(id);
        var again = fixture.GrainFactory.GetResolvedGrain<IOperationGrain>(id);
        var orleans = fixture.GrainFactory.GetGrain<IOperationGrain>(id);

        Assert.Equal(orleans, first);
        Assert.Equal(orleans, again);
        Assert.Equal(((GrainReference)orleans).InterfaceType, ((GrainReference)(object)again).InterfaceType);
        var created = await again.Create(request);
        Assert.Equal(created, await orleans.Get());
        Assert.Equal(id, created.Id);
    }

    [Fact]
    public void Two_interfaces_with_one_key_resolve_to_their_own_grain_types()
    {
        const string Key = "same-key";
        fixture.GrainFactory.GetResolvedGrain<IOperationGrain>(Key);
        fixture.GrainFactory.GetResolvedGrain<INodeGrain>(Key);

        var operation = (GrainReference)(object)fixture.GrainFactory.GetResolvedGrain<IOperationGrain>(Key);
        var node = (GrainReference)(object)fixture.GrainFactory.GetResolvedGrain<INodeGrain>(Key);

        Assert.Equal(((GrainReference)fixture.GrainFactory.GetGrain<IOperationGrain>(Key)).GrainId, operation.GrainId);
        Assert.Equal(((GrainReference)fixture.GrainFactory.GetGrain<INodeGrain>(Key)).GrainId, node.GrainId);
        Assert.NotEqual(operation.GrainId.Type, node.GrainId.Type);
    }
}
