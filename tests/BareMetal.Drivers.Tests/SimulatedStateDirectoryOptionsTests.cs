using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Tests;

/// <summary>BareMetal:Drivers:Simulated:StateDirectory as the host configures it.</summary>
public sealed class SimulatedStateDirectoryOptionsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"simulated-options-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static ServiceProvider BuildServices(Action<SimulatedDriverOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddSingleton<IDriverCallbackSink, RecordingCallbackSink>();
        services.AddSimulatedDrivers(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void BlankStateDirectory_FailsValidationNamingTheProperty()
    {
        using var services = BuildServices(o => o.StateDirectory = "  ");

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SimulatedDriverOptions>>().Value);

        Assert.Contains("StateDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateDirectory_TheRegisteredFleetKeepsItsHardwareThere()
    {
        using var services = BuildServices(o =>
        {
            SimulatedDriverHarness.Instant(o);
            o.StateDirectory = _directory;
        });
        var fleet = services.GetRequiredService<SimulatedFleet>();
        var driver = services.GetRequiredService<IDriverRegistry>().GetDriver(SimulatedHardwareDriver.DriverName);

        await driver.Power.SetPowerStateAsync(NodeDriverContext.ForNode("node-a"), PowerAction.On, CancellationToken.None);

        Assert.Equal(_directory, fleet.StateDirectory?.Path);
        Assert.Equal(SimulatedStepKind.PowerOn, Assert.Single(new SimulatedStateDirectory(_directory).ReadExecutions("node-a")).Kind);
    }
}
