using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Operations;

namespace BareMetal.Provisioning.Tests.Operations;

public sealed class OperationGrainTests(OperationClusterFixture fixture) : IClassFixture<OperationClusterFixture>
{
    private static OperationRequest Deploy(string? key = null, string image = "ubuntu-24.04") => new(
        "node-1",
        OperationAction.Deploy,
        new Dictionary<string, string> { ["image"] = image },
        key,
        "alice",
        "4bf92f3577b34da6a3ce929d0e0e4736");

    private IOperationGrain NewOperation() => fixture.GrainFactory.GetGrain<IOperationGrain>(OperationIds.New());

    private async Task<IOperationGrain> RunningOperation(int stepCount = 3)
    {
        var grain = NewOperation();
        await grain.Create(Deploy());
        await grain.MarkRunning(stepCount, "starting");
        return grain;
    }

    [Fact]
    public async Task Advance_sent_again_or_late_changes_nothing()
    {
        var grain = NewOperation();
        await grain.Create(Deploy());
        var second = new OperationStepUpdate(new OperationProgress(2, 2, "power on"), false, "the deployed node is being powered on");
        await grain.Advance(new OperationStepUpdate(new OperationProgress(1, 2, "write image"), false, "the image write cannot be interrupted"));
        var advanced = await grain.Advance(second);

        // The node resends what it is not sure was received, and may resend an older step after a newer one.
        var again = await grain.Advance(second);
        var late = await grain.Advance(new OperationStepUpdate(new OperationProgress(1, 2, "write image"), false, "the image write cannot be interrupted"));

        Assert.Equal(advanced.Version, again.Version);
        Assert.Equal(advanced.Version, late.Version);
        Assert.Equal(2, late.Progress.StepNumber);
        Assert.Equal("power on", late.Progress.Message);
    }

    [Fact]
    public async Task Create_NewOperation_IsQueuedWithRequestDetails()
    {
        var grain = NewOperation();

        var created = await grain.Create(Deploy("key-1"));
        var read = await grain.Get();

        Assert.Equal(grain.GetPrimaryKeyString(), created.Id);
        Assert.StartsWith(OperationIds.Prefix, created.Id, StringComparison.Ordinal);
        Assert.Equal(OperationStatus.Queued, read.Status);
        Assert.Equal("node-1", read.NodeId);
        Assert.Equal(OperationAction.Deploy, read.Action);
        Assert.Equal("ubuntu-24.04", read.Parameters["image"]);
        Assert.Equal("key-1", read.IdempotencyKey);
        Assert.Equal("alice", read.RequestedBy);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", read.TraceId);
        Assert.True(read.Cancellable);
        Assert.Null(read.StartedAt);
        Assert.Null(read.EndedAt);
        Assert.Empty(read.DeliveryAttempts);
        Assert.Equal(created.CreatedAt, read.CreatedAt);
    }

    [Fact]
    public async Task Create_SameBodyTwice_ReturnsSameViewUnchanged()
    {
        var grain = NewOperation();
        var first = await grain.Create(Deploy("key-2"));

        var second = await grain.Create(Deploy("key-2") with { TraceId = "another-trace" });

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.TraceId, second.TraceId);
    }

    [Fact]
    public async Task Create_ReusedKeyWithDifferentBody_ThrowsConflictNamingKey()
    {
        var grain = NewOperation();
        var first = await grain.Create(Deploy("key-3"));

        var conflict = await Assert.ThrowsAsync<OperationConflictException>(() => grain.Create(Deploy("key-3", image: "debian-13")));

        Assert.Contains("'key-3'", conflict.Message, StringComparison.Ordinal);
        Assert.Contains(first.Id, conflict.Message, StringComparison.Ordinal);
        Assert.Equal("ubuntu-24.04", (await grain.Get()).Parameters["image"]);
    }

    [Fact]
    public async Task Get_NeverCreated_ThrowsStateException()
    {
        var error = await Assert.ThrowsAsync<OperationStateException>(() => NewOperation().Get());

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_QueuedRunningProgressSucceeded_RecordsOrderedTimestamps()
    {
        var grain = NewOperation();
        var created = await grain.Create(Deploy());

        var running = await grain.MarkRunning(3, "powering on");
        var progressed = await grain.ReportProgress(2, "writing image");
        var done = await grain.Complete(OperationStatus.Succeeded, "deployed", null);

        Assert.Equal(OperationStatus.Running, running.Status);
        Assert.Equal(new OperationProgress(0, 3, "powering on"), running.Progress);
        Assert.Equal(new OperationProgress(2, 3, "writing image"), progressed.Progress);
        Assert.Equal(OperationStatus.Succeeded, done.Status);
        Assert.Equal("deployed", done.Result);
        Assert.Null(done.Error);
        Assert.False(done.Cancellable);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.EndedAt);
        Assert.True(created.CreatedAt <= done.StartedAt);
        Assert.True(done.StartedAt <= done.EndedAt);
        Assert.Equal(done, await grain.Get() with { Parameters = done.Parameters, DeliveryAttempts = done.DeliveryAttempts });
    }

    [Fact]
    public async Task Complete_SameTerminalStatusTwice_IsNoOp()
    {
        var grain = await RunningOperation();
        var first = await grain.Complete(OperationStatus.Failed, null, "BMC unreachable");

        var second = await grain.Complete(OperationStatus.Failed, null, "another error");

        Assert.Equal(first.EndedAt, second.EndedAt);
        Assert.Equal("BMC unreachable", second.Error);
    }

    [Fact]
    public async Task Cancel_Queued_CancelsAtOnce()
    {
        var grain = NewOperation();
        await grain.Create(Deploy());

        var outcome = await grain.Cancel("changed my mind");
        var view = await grain.Get();

        Assert.True(outcome.Accepted);
        Assert.Equal(OperationStatus.Cancelled, outcome.Status);
        Assert.Equal(OperationStatus.Cancelled, view.Status);
        Assert.NotNull(view.EndedAt);
        Assert.Null(view.StartedAt);
        Assert.False(view.Cancellable);
    }

    [Fact]
    public async Task Cancel_RunningCancellable_RequestsCancellationAndStaysRunning()
    {
        var grain = await RunningOperation();

        var outcome = await grain.Cancel("operator abort");
        var view = await grain.Get();
        var completed = await grain.Complete(OperationStatus.Cancelled, null, null);

        Assert.True(outcome.Accepted);
        Assert.Equal(OperationStatus.Running, outcome.Status);
        Assert.Equal(OperationGrain.CancellationRequestedReason, outcome.Reason);
        Assert.Equal(OperationStatus.Running, view.Status);
        Assert.True(view.CancellationRequested);
        Assert.Equal(OperationStatus.Cancelled, completed.Status);
        Assert.Equal("operator abort", completed.Error);
    }

    [Fact]
    public async Task Cancel_RunningNotCancellable_IsRefusedWithWhyNot()
    {
        var grain = await RunningOperation();
        await grain.SetCancellable(false, "firmware update in progress");

        var outcome = await grain.Cancel(null);
        var view = await grain.Get();

        Assert.False(outcome.Accepted);
        Assert.Equal(OperationStatus.Running, outcome.Status);
        Assert.Equal("firmware update in progress", outcome.Reason);
        Assert.False(view.Cancellable);
        Assert.False(view.CancellationRequested);
        Assert.Equal("firmware update in progress", view.NotCancellableReason);
    }

    [Fact]
    public async Task Cancel_RunningCancellableAgain_IsAcceptedAfterStepAllowsIt()
    {
        var grain = await RunningOperation();
        await grain.SetCancellable(false, "writing partition table");
        await grain.SetCancellable(true, null);

        var outcome = await grain.Cancel(null);

        Assert.True(outcome.Accepted);
    }

    [Fact]
    public async Task Cancel_Terminal_IsRefusedAsAlreadyDone()
    {
        var grain = await RunningOperation();
        await grain.Complete(OperationStatus.Succeeded, "ok", null);

        var outcome = await grain.Cancel(null);

        Assert.False(outcome.Accepted);
        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Equal("already Succeeded", outcome.Reason);
    }

    [Fact]
    public async Task Complete_CancelledOperation_IsRejectedNamingStatus()
    {
        var grain = NewOperation();
        await grain.Create(Deploy());
        await grain.Cancel(null);

        var error = await Assert.ThrowsAsync<OperationStateException>(() => grain.Complete(OperationStatus.Succeeded, "ok", null));

        Assert.Contains("Cancelled", error.Message, StringComparison.Ordinal);
        Assert.Contains("complete as Succeeded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkRunning_Terminal_IsRejectedNamingStatus()
    {
        var grain = await RunningOperation();
        await grain.Complete(OperationStatus.TimedOut, null, "deadline passed");

        var error = await Assert.ThrowsAsync<OperationStateException>(() => grain.MarkRunning(2, null));

        Assert.Contains("TimedOut", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_QueuedAsSucceeded_IsRejectedNamingStatus()
    {
        var grain = NewOperation();
        await grain.Create(Deploy());

        var error = await Assert.ThrowsAsync<OperationStateException>(() => grain.Complete(OperationStatus.Succeeded, "ok", null));

        Assert.Contains("Queued", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportProgress_Queued_IsRejectedNamingStatus()
    {
        var grain = NewOperation();
        await grain.Create(Deploy());

        var error = await Assert.ThrowsAsync<OperationStateException>(() => grain.ReportProgress(1, "step"));

        Assert.Contains("Queued", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportProgress_BeyondStepCount_IsRejected()
    {
        var grain = await RunningOperation(stepCount: 2);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.ReportProgress(3, "step"));
    }

    [Fact]
    public async Task Complete_NonTerminalStatus_IsRejected()
    {
        var grain = await RunningOperation();

        await Assert.ThrowsAsync<ArgumentException>(() => grain.Complete(OperationStatus.Queued, null, null));
    }

    [Fact]
    public async Task RecordDelivery_Running_IsRejectedNamingStatus()
    {
        var grain = await RunningOperation();

        var error = await Assert.ThrowsAsync<OperationStateException>(
            () => grain.RecordDelivery(new DeliveryAttempt("https://hooks.example/ops", 1, DateTimeOffset.UtcNow, false)));

        Assert.Contains("Running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordDelivery_SeveralAttempts_AreKeptInOrder()
    {
        var grain = await RunningOperation();
        await grain.Complete(OperationStatus.Succeeded, "ok", null);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var attempts = new[]
        {
            new DeliveryAttempt("https://hooks.example/ops", 1, at, false, 503, "unavailable"),
            new DeliveryAttempt("https://hooks.example/ops", 2, at.AddSeconds(5), true, 200),
            new DeliveryAttempt("audit", 1, at.AddSeconds(6), true),
        };

        foreach (var attempt in attempts)
        {
            await grain.RecordDelivery(attempt);
        }

        Assert.Equal(attempts, (await grain.Get()).DeliveryAttempts);
    }
}
