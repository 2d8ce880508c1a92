using System.Diagnostics;
using System.Diagnostics.Metrics;
using BareMetal.Runtime.Diagnostics;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task InvalidOption_SiloRefusesToStart_NamingTheSetting()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(
            settings: new Dictionary<string, string?> { ["BareMetal:Scheduling:MaxEnqueuedRequests"] = "0" }));

        Assert.Contains("SchedulingOptions.MaxEnqueuedRequests", exception.Message);
    }

    [Fact]
    public async Task GrainCall_WithListener_ProducesClientAndServerSpansInOneTrace()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RuntimeTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        using var root = new Activity("test-root").Start();

        await silo.GrainFactory.GetGrain<IChainGrain>("t1-" + key).Follow(["t2-" + key]);
        root.Stop();

        // The callee's server span ends just after it hands back the result, so it may stop after the caller resumes.
        List<Activity> Ours()
        {
            lock (spans)
            {
                return spans.Where(s => s.TraceId == root.TraceId).ToList();
            }
        }

        await Wait.UntilAsync(() => Ours().Count >= 4, "four spans (two client, two server)");
        var ours = Ours();
        Assert.Equal(4, ours.Count);
        Assert.Equal(2, ours.Count(s => s.Kind == ActivityKind.Server));
        Assert.All(ours, s => Assert.Equal("IChainGrain", s.GetTagItem("rpc.service")?.ToString()?.Split('.').Last()));
        var outerServer = ours.Single(s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("baremetal.grain.id") == "chain/t1-" + key);
        var innerClient = ours.Single(s => s.Kind == ActivityKind.Client && (string?)s.GetTagItem("baremetal.grain.id") == "chain/t2-" + key);
        Assert.Equal(outerServer.SpanId, innerClient.ParentSpanId);
    }

    [Fact]
    public async Task GrainCalls_AreCountedInTheRuntimeMeter()
    {
        await using var silo = await TestSilo.StartAsync();
        var meterFactory = silo.Services.GetRequiredService<IMeterFactory>();
        long calls = 0;
        using var listener = new MeterListener
        {
            // Only this silo's meter: other tests run silos in the same process at the same time.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterFactory && instrument.Name == "baremetal.grain.calls")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref calls, value));
        listener.Start();
        var grain = silo.GrainFactory.GetGrain<ICounterGrain>(Guid.NewGuid().ToString());

        for (var i = 0; i < 10; i++)
        {
            await grain.GetCount();
        }

        Assert.Equal(10, Interlocked.Read(ref calls));
    }
}
