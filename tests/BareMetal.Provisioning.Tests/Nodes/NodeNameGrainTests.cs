using BareMetal.Contracts.Fleet;

namespace BareMetal.Provisioning.Tests.Nodes;

public sealed class NodeNameGrainTests(NodeClusterFixture fixture) : IClassFixture<NodeClusterFixture>
{
    private INodeNameGrain Name() => fixture.GrainFactory.GetGrain<INodeNameGrain>($"name-{Guid.NewGuid():N}");

    [Fact]
    public async Task Claim_FreeName_IsGrantedAndResolves()
    {
        var name = Name();

        Assert.True(await name.Claim("node-a"));
        Assert.True(await name.Claim("node-a"));
        Assert.Equal("node-a", await name.Resolve());
    }

    [Fact]
    public async Task Claim_HeldByAnotherNode_IsNotGranted()
    {
        var name = Name();
        await name.Claim("node-a");

        Assert.False(await name.Claim("node-b"));
        Assert.Equal("node-a", await name.Resolve());
    }

    [Fact]
    public async Task Release_OnlyByTheHolder_FreesTheName()
    {
        var name = Name();
        await name.Claim("node-a");

        await name.Release("node-b");
        var afterStranger = await name.Resolve();
        await name.Release("node-a");

        Assert.Equal("node-a", afterStranger);
        Assert.Null(await name.Resolve());
        Assert.True(await name.Claim("node-b"));
    }

    [Fact]
    public async Task Claim_ConcurrentClaimsForTheSameName_ExactlyOneWins()
    {
        var name = Name();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => name.Claim($"node-{i}")));

        Assert.Single(results, granted => granted);
        var holder = await name.Resolve();
        Assert.Equal($"node-{Array.IndexOf(results, true)}", holder);
    }
}
