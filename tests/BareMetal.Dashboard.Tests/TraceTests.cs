using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BareMetal.Api.Diagnostics;
using BareMetal.Contracts.Nodes;
using BareMetal.Hosting;
using BareMetal.Provisioning.Diagnostics;
using Orleans.TestingHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace BareMetal.Dashboard.Tests;

/// <summary>Spans collected in memory: one API call makes one connected trace through grains on two silos down to the driver.</summary>
public sealed class TraceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<Activity> _spans = new();
    private ActivityListener? _listener;
    private InProcessTestCluster? _cluster;
    private WebApplication? _api;
    private HttpClient? _client;
    private WebApplication? _secondApi;
    private HttpClient? _secondClient;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ApiTelemetry.ActivitySourceName or ProvisioningTelemetry.ActivitySourceName || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);

        _cluster = await InProcessSilos.StartAsync(2, silo => silo
            .AddBareMetalTracing()
            .Services.AddNodeProvisioning()
            .AddFleetServices()
            .AddSimulatedDrivers(o => o.PowerLatency = TimeSpan.FromMilliseconds(5)));

        // The gateway in front of the first silo, over real HTTP; a second one in front of the second silo creates the
        // nodes. Orleans places a new activation on the silo that first calls it (all else equal), so nodes created
        // through the second gateway live on the second silo, and the first gateway's calls to them cross silos.
        (_api, _client) = await StartGatewayAsync(_cluster.GrainFactory());
        (_secondApi, _secondClient) = await StartGatewayAsync(_cluster.Silos[1].ServiceProvider.GetRequiredService<IGrainFactory>());
    }

    private static async Task<(WebApplication, HttpClient)> StartGatewayAsync(IGrainFactory grains)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(grains);
        builder.Services.AddBareMetalApi(builder.Configuration);
        var api = builder.Build();
        api.MapBareMetalApi();
        await api.StartAsync();
        var address = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (api, new HttpClient { BaseAddress = new Uri(address + "/") });
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        _secondClient?.Dispose();
        foreach (var api in new[] { _api, _secondApi })
        {
            if (api is not null)
            {
                await api.DisposeAsync();
            }
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _listener?.Dispose();
    }

    [Fact]
    public async Task One_api_call_makes_one_connected_trace_across_two_silos_down_to_the_driver_step()
    {
        var cluster = _cluster!;
        var secondSilo = cluster.Silos[1].SiloAddress;

        // A node whose grain lives on the second silo, so the call must cross from the gateway's silo.
        string nodeId;
        var attempts = 0;
        while (true)
        {
            Assert.True(++attempts < 50, "No node grain was placed on the second silo in 50 tries.");
            nodeId = await CreateNodeAsync($"trace-{attempts}", _secondClient!);
            var host = await cluster.GrainFactory().GetGrain<IManagementGrain>(0).GetActivationAddress(cluster.GrainFactory().GetGrain<INodeGrain>(nodeId));
            if (secondSilo.Equals(host))
            {
                break;
            }
        }

        _spans.Clear();
        using var response = await _client!.PostAsync($"api/nodes/{nodeId}/actions/manage", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var operationId = JsonDocument.Parse(body).RootElement.GetProperty("operation").GetProperty("id").GetString()!;
        await WaitForOperationToEndAsync(operationId);

        // The API span is the root; every other span of its trace hangs below it.
        var root = await WaitForAsync(() => _spans.FirstOrDefault(s => s.Source.Name == ApiTelemetry.ActivitySourceName && s.DisplayName.StartsWith("POST", StringComparison.Ordinal)));
        var driverStep = await WaitForAsync(() => _spans.FirstOrDefault(s => s.TraceId == root.TraceId && s.Source.Name == ProvisioningTelemetry.ActivitySourceName));
        var trace = _spans.Where(s => s.TraceId == root.TraceId).ToList();
        foreach (var span in trace)
        {
            output.WriteLine($"{span.Source.Name,-24} {span.Kind,-8} {span.DisplayName} silo={span.GetTagItem("baremetal.silo")} parent={span.ParentSpanId}");
        }

        var bySpanId = trace.ToDictionary(s => s.SpanId);
        foreach (var span in trace.Where(s => s != root))
        {
            Assert.True(bySpanId.ContainsKey(span.ParentSpanId), $"Span '{span.DisplayName}' has a parent outside the trace: the trace is broken.");
        }

        // Walking up from the driver step reaches the API span.
        var ancestor = driverStep;
        while (ancestor != root)
        {
            ancestor = bySpanId[ancestor.ParentSpanId];
        }

        Assert.Equal(nodeId, driverStep.GetTagItem("baremetal.node.id"));
        Assert.Equal(operationId, driverStep.GetTagItem("baremetal.operation.id"));
        // The node's turn ran on the second silo, called from the gateway's silo: the trace crossed between them.
        var firstSilo = cluster.Silos[0].SiloAddress.ToString();
        // Orleans names a call's spans interface/method.
        var nodeTurn = Assert.Single(trace, s => s.Kind == ActivityKind.Server && s.DisplayName == $"{nameof(INodeGrain)}/{nameof(INodeGrain.Accept)}");
        Assert.Equal(secondSilo.ToString(), nodeTurn.GetTagItem("baremetal.silo"));
        var call = bySpanId[nodeTurn.ParentSpanId];
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal(firstSilo, call.GetTagItem("baremetal.silo"));

        // The operation records the trace id, as the dashboard shows it.
        var operation = await _client.GetFromJsonAsync<JsonElement>($"api/operations/{operationId}");
        Assert.Equal(root.TraceId.ToHexString(), operation.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Meters_count_finished_operations_with_their_duration_and_api_problems()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name is ProvisioningTelemetry.MeterName or ApiMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
            where T : struct => measurements.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), new Dictionary<string, object?>(tags.ToArray())));
        meters.SetMeasurementEventCallback<long>(Record);
        meters.SetMeasurementEventCallback<double>(Record);
        meters.Start();

        var nodeId = await CreateNodeAsync("metrics");
        using var response = await _client!.PostAsync($"api/nodes/{nodeId}/actions/manage", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var unknown = await _client.PostAsync("api/nodes/no-such-node/actions/manage", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        static bool Manage(Dictionary<string, object?> tags) =>
            (string?)tags.GetValueOrDefault("baremetal.operation.action") == "manage" && (string?)tags.GetValueOrDefault("baremetal.operation.status") == "succeeded";
        await WaitForAsync(() => measurements.Any(m => m.Instrument == "baremetal.operations.finished" && Manage(m.Tags)) ? "seen" : null);
        var duration = await WaitForAsync(() => measurements.FirstOrDefault(m => m.Instrument == "baremetal.operation.duration" && Manage(m.Tags)) is { Instrument: not null } found ? (object)found.Value : null);
        Assert.InRange((double)duration, 0, 30);
        await WaitForAsync(() => measurements.Any(m => m.Instrument == "baremetal.api.problems" && (int?)m.Tags.GetValueOrDefault("http.response.status_code") == 404) ? "seen" : null);
    }

    private Task<string> CreateNodeAsync(string name) => CreateNodeAsync(name, _client!);

    private static async Task<string> CreateNodeAsync(string name, HttpClient gateway)
    {
        using var response = await gateway.PostAsJsonAsync("api/nodes", new { name = $"{name}-{Guid.NewGuid():N}"[..20], driver = "fake-hardware", driverInfo = new Dictionary<string, string> { ["ipmi_password"] = "s3cret" } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task WaitForOperationToEndAsync(string operationId)
    {
        await WaitForAsync(async () =>
        {
            var operation = await _client!.GetFromJsonAsync<JsonElement>($"api/operations/{operationId}");
            var status = operation.GetProperty("status").GetString();
            return status is "succeeded" or "failed" or "cancelled" or "timed_out" ? status : null;
        });
    }

    private static Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class => WaitForAsync(() => Task.FromResult(probe()));

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        using var deadline = new CancellationTokenSource(s_deadline);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            // No signal exists for "a span was exported": poll with a short delay inside the deadline.
            await Task.Delay(20, deadline.Token);
        }
    }
}
