using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests;

public sealed class DeadlockTests
{
    [Fact]
    public async Task CallCycle_ThroughNonReentrantGrains_FailsFastWithTheCycle()
    {
        await using var silo = await TestSilo.StartAsync();
        var a = "a-" + Guid.NewGuid().ToString("N");
        var b = "b-" + Guid.NewGuid().ToString("N");

        var call = silo.GrainFactory.GetGrain<IChainGrain>(a).Follow([b, a]);
        var exception = await Assert.ThrowsAsync<DeadlockException>(() => Wait.ForAsync(call, "deadlock detection", TimeSpan.FromSeconds(5)));

        Assert.Equal([$"chain/{a}", $"chain/{b}", $"chain/{a}"], exception.CallChain.Select(g => g.ToString()));
        Assert.Contains("Reentrant", exception.Message);
    }

    [Fact]
    public async Task SelfCall_OnNonReentrantGrain_FailsFast()
    {
        await using var silo = await TestSilo.StartAsync();
        var a = Guid.NewGuid().ToString("N");

        var call = silo.GrainFactory.GetGrain<IChainGrain>(a).Follow([a]);

        await Assert.ThrowsAsync<DeadlockException>(() => Wait.ForAsync(call, "self-call detection", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task CallCycle_ThroughReentrantGrains_Completes()
    {
        await using var silo = await TestSilo.StartAsync();
        var a = "a-" + Guid.NewGuid().ToString("N");
        var b = "b-" + Guid.NewGuid().ToString("N");

        var path = await Wait.ForAsync(silo.GrainFactory.GetGrain<IReentrantChainGrain>(a).Follow([b, a, b]), "reentrant cycle");

        Assert.Equal($"{a}>{b}>{a}>{b}", path);
    }

    [Fact]
    public async Task AcyclicChain_OfNonReentrantGrains_Completes()
    {
        await using var silo = await TestSilo.StartAsync();
        var keys = Enumerable.Range(0, 5).Select(i => $"n{i}-{Guid.NewGuid():N}").ToArray();

        var path = await silo.GrainFactory.GetGrain<IChainGrain>(keys[0]).Follow(keys[1..]);

        Assert.Equal(string.Join(">", keys), path);
    }
}
