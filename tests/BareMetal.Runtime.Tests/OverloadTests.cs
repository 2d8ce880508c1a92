using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests;

public sealed class OverloadTests
{
    [Fact]
    public async Task FullMailbox_ExtraCallers_AreRefusedImmediatelyWithRetryAfter()
    {
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?>
        {
            ["BareMetal:Scheduling:MaxEnqueuedRequests"] = "5",
            ["BareMetal:Scheduling:OverloadRetryAfter"] = "00:00:02",
        });
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<IFailingGrain>(key);
        var gate = Gates.NewName("hold");
        var running = grain.WaitFor(gate);
        await Wait.UntilAsync(() => silo.Catalog.TryGetActivation(GrainId.Create("failing", key), out var a) && a.State == Activations.ActivationState.Valid, "activation");

        var queued = Enumerable.Range(0, 5).Select(_ => grain.WaitFor(gate)).ToList();
        var refused = Enumerable.Range(0, 3).Select(_ => grain.WaitFor(gate)).ToList();

        foreach (var call in refused)
        {
            Assert.True(call.IsCompleted, "an overloaded call must fail at once, not wait");
            var exception = await Assert.ThrowsAsync<GrainOverloadedException>(() => call);
            Assert.Equal(TimeSpan.FromSeconds(2), exception.RetryAfter);
            Assert.Equal(5, exception.QueueLength);
        }

        Gates.Open(gate);
        await Wait.ForAsync(Task.WhenAll(queued.Append(running)), "queued calls to finish");
        Assert.Equal(1, await grain.CountCall());
    }
}
