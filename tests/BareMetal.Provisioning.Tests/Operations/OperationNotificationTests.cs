using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.Webhooks;
using BareMetal.Provisioning.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Provisioning.Tests.Operations;

public sealed class OperationNotificationTests
{
    [Fact]
    public async Task Notifications_that_cannot_be_prepared_when_an_operation_ends_are_retried_by_its_reminder()
    {
        var sink = new FlakySink(failures: 1);
        await using var cluster = await ProvisioningTestCluster.StartAsync(configureServices: services =>
        {
            services.AddSingleton<IOperationEventSink>(sink);
            services.Configure<WebhookOptions>(o => o.ReminderPeriod = TimeSpan.FromMilliseconds(300));
        });
        var operation = cluster.GrainFactory.GetGrain<IOperationGrain>(OperationIds.New());
        await operation.Create(new OperationRequest("node-flaky", OperationAction.Reboot) { Callback = new WebhookTarget("http://127.0.0.1:9/hook") });

        // The terminal write does not wait for the failed preparation: the cancel is answered.
        var outcome = await operation.Cancel("not needed");
        var dispatched = await sink.Dispatched.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(outcome.Accepted);
        Assert.Equal(2, sink.Prepares);
        Assert.Equal(OperationStatus.Cancelled, dispatched.Status);
        Assert.Equal("http://127.0.0.1:9/hook", dispatched.CallbackUrl);
    }

    private sealed class FlakySink(int failures) : IOperationEventSink
    {
        private int _prepares;
        private OperationView? _prepared;

        public TaskCompletionSource<OperationView> Dispatched { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Prepares => Volatile.Read(ref _prepares);

        public Task<IReadOnlyList<string>> Prepare(OperationView terminal, WebhookTarget? callback)
        {
            if (Interlocked.Increment(ref _prepares) <= failures)
            {
                throw new InvalidOperationException("registry unavailable");
            }

            _prepared = terminal;
            return Task.FromResult<IReadOnlyList<string>>(["prepared"]);
        }

        public Task Dispatch(IReadOnlyList<string> prepared)
        {
            Dispatched.TrySetResult(_prepared!);
            return Task.CompletedTask;
        }
    }
}
