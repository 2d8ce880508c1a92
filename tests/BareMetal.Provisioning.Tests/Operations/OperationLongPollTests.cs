using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Operations;

namespace BareMetal.Provisioning.Tests.Operations;

public sealed class OperationLongPollTests(OperationClusterFixture fixture) : IClassFixture<OperationClusterFixture>
{
    [Fact]
    public async Task A_waiting_long_poll_does_not_hold_back_the_write_it_waits_for()
    {
        var operation = fixture.GrainFactory.GetGrain<IOperationGrain>(OperationIds.New());
        var created = await operation.Create(new OperationRequest("node-poll", OperationAction.PowerOn));
        var poll = operation.WaitForChange(created.Version, TimeSpan.FromSeconds(20));

        var running = await operation.MarkRunning(1, "power on").WaitAsync(TimeSpan.FromSeconds(5));
        var seen = await poll.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(OperationStatus.Running, seen.Status);
        Assert.Equal(running.Version, seen.Version);
    }

    [Fact]
    public async Task Writes_stay_one_at_a_time_under_concurrent_callers()
    {
        var operation = fixture.GrainFactory.GetGrain<IOperationGrain>(OperationIds.New());
        await operation.Create(new OperationRequest("node-concurrent", OperationAction.Deploy));
        await operation.MarkRunning(100, "steps");

        var views = await Task.WhenAll(Enumerable.Range(1, 50).Select(step => operation.ReportProgress(step, $"step {step}")));

        // Each write saw the previous one: versions are distinct and end at the number of writes.
        Assert.Equal(50, views.Select(v => v.Version).Distinct().Count());
        Assert.Equal(views.Max(v => v.Version), (await operation.Get()).Version);
    }
}
