using BareMetal.Drivers.Redfish;
using BareMetal.Hosting;
using BareMetal.Provisioning.Drivers;
using BareMetal.TestInfrastructure.Redfish;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BareMetal.Drivers.Tests.Redfish;

/// <summary>
/// The redfish driver as a silo registers it (IHttpClientFactory and all), pointed at a fresh <see cref="RedfishService"/>
/// on a loopback port, with short timeouts; one per test.
/// </summary>
internal sealed class RedfishDriverHarness : IAsyncDisposable
{
    private static int s_nextNode;
    private readonly ServiceProvider _services;

    private RedfishDriverHarness(RedfishService bmc, Action<RedfishDriverOptions>? configure)
    {
        Bmc = bmc;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<IDriverCallbackSink>(Sink);
        services.AddRedfishDriver(o =>
        {
            o.RequestTimeout = TimeSpan.FromSeconds(5);
            o.PowerStatePollInterval = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(o);
        });
        _services = services.BuildServiceProvider();
        Driver = _services.GetRequiredService<RedfishHardwareDriver>();
        Limiter = _services.GetRequiredService<RedfishRequestLimiter>();
        NodeId = $"redfish-node-{Interlocked.Increment(ref s_nextNode)}";
    }

    public RedfishService Bmc { get; }

    public RecordingCallbackSink Sink { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    public RedfishHardwareDriver Driver { get; }

    public RedfishRequestLimiter Limiter { get; }

    public string NodeId { get; }

    public static async Task<RedfishDriverHarness> StartAsync(RedfishService? bmc = null, Action<RedfishDriverOptions>? configure = null)
    {
        bmc ??= new RedfishService();
        await bmc.StartAsync();
        return new RedfishDriverHarness(bmc, configure);
    }

    /// <summary>driver_info for the service, with the right credentials; <paramref name="change"/> adjusts it.</summary>
    public Dictionary<string, string> DriverInfo(Action<Dictionary<string, string>>? change = null)
    {
        var info = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RedfishDriverInfoKeys.Address] = Bmc.Address.ToString().TrimEnd('/'),
            [RedfishDriverInfoKeys.SystemId] = Bmc.System.Path,
            [RedfishDriverInfoKeys.Username] = Bmc.Username,
            [RedfishDriverInfoKeys.Password] = Bmc.Password,
        };
        change?.Invoke(info);
        return info;
    }

    public NodeDriverContext Node(Action<Dictionary<string, string>>? change = null) =>
        new(NodeId, DriverInfo(change), new Dictionary<string, string>());

    /// <summary>Stops the driver as a silo shutdown does, leaving the BMC running.</summary>
    public ValueTask StopDriverAsync() => _services.DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Bmc.DisposeAsync();
    }
}
