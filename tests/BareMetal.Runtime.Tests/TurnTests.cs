using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests;

public sealed class TurnTests
{
    [Fact]
    public async Task Turns_ManyConcurrentCallers_NeverInterleaveAndLoseNoUpdate()
    {
        await using var silo = await TestSilo.StartAsync();
        var counters = Enumerable.Range(0, 8).Select(i => silo.GrainFactory.GetGrain<ICounterGrain>($"turns-{Guid.NewGuid():N}-{i}")).ToArray();
        const int callsPerCounter = 2000;

        await Task.WhenAll(counters.SelectMany(c => Enumerable.Range(0, callsPerCounter).Select(_ => c.IncrementSlowly())));

        foreach (var counter in counters)
        {
            Assert.Equal(callsPerCounter, await counter.GetCount());
            Assert.Equal(1, await counter.GetMaxConcurrency());
        }
    }

    [Fact]
    public async Task NonReentrantGrain_WhileRequestAwaits_NextRequestWaitsForIt()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IGateGrain>(Guid.NewGuid().ToString());
        var first = Gates.NewName("first");
        var second = Gates.NewName("second");

        var firstCall = grain.WaitFor(first);
        await Wait.UntilAsync(async () => await grain.Status() == "log has 1 entries", "first request to start");
        var secondCall = grain.WaitFor(second);
        Gates.Open(second);

        // The second request has its gate open but must not start before the first ends.
        Assert.True(await Wait.StillPendingAfter(secondCall, TimeSpan.FromMilliseconds(200)));
        Gates.Open(first);
        await Wait.ForAsync(Task.WhenAll(firstCall, secondCall), "both requests");
        Assert.Equal(["start " + first, "end " + first, "start " + second, "end " + second], await grain.GetLog());
    }

    [Fact]
    public async Task AlwaysInterleaveMethod_WhileRequestAwaits_IsAnsweredAtOnce()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IGateGrain>(Guid.NewGuid().ToString());
        var gate = Gates.NewName("long");
        var longCall = grain.WaitFor(gate);
        var queued = grain.WaitFor(Gates.NewName("queued"));

        var status = await Wait.ForAsync(grain.Status(), "status during a long request", TimeSpan.FromSeconds(5));

        Assert.StartsWith("log has", status);
        Assert.False(longCall.IsCompleted);
        Assert.False(queued.IsCompleted);
        Gates.Open(gate);
        await longCall;
    }

    [Fact]
    public async Task ReadOnlyMethods_InterleaveWithEachOther_ButNotWithWriters()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IGateGrain>(Guid.NewGuid().ToString());
        var readGate = Gates.NewName("read");
        var firstRead = grain.ReadWaitingFor(readGate);
        var secondRead = grain.ReadWaitingFor(readGate);
        await Wait.UntilAsync(async () => (await grain.GetLog()).Count(e => e.StartsWith("read", StringComparison.Ordinal)) == 2, "both read-only calls running together");

        var writerGate = Gates.NewName("writer");
        Gates.Open(writerGate);
        var writer = grain.WaitFor(writerGate);
        Assert.True(await Wait.StillPendingAfter(writer, TimeSpan.FromMilliseconds(200)), "a writer must wait for running readers");

        Gates.Open(readGate);
        await Wait.ForAsync(Task.WhenAll(firstRead, secondRead, writer), "readers then writer");
    }

    [Fact]
    public async Task ReentrantGrain_WhileRequestAwaits_AnotherRequestRuns()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IReentrantGateGrain>(Guid.NewGuid().ToString());
        var gate = Gates.NewName("reentrant");

        var waiting = grain.WaitFor(gate);
        await Wait.ForAsync(grain.Open(gate), "a second call on a reentrant grain");

        Assert.Equal(gate, await Wait.ForAsync(waiting, "the first call to finish"));
    }
}
