using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Tests;

public sealed class DriverRegistryTests
{
    private static ServiceProvider BuildServices(Action<SimulatedDriverOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddSingleton<IDriverCallbackSink, RecordingCallbackSink>();
        services.AddSimulatedDrivers(configure);
        services.AddSimulatedDrivers(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void GetDriver_FakeHardware_ReturnsSimulatedDriver()
    {
        using var services = BuildServices();
        var registry = services.GetRequiredService<IDriverRegistry>();

        var driver = registry.GetDriver("fake-hardware");

        Assert.IsType<SimulatedHardwareDriver>(driver);
        Assert.Equal(["fake-hardware"], registry.Names);
    }

    [Fact]
    public void GetDriver_UnknownName_ThrowsNamingItAndKnownDrivers()
    {
        using var services = BuildServices();
        var registry = services.GetRequiredService<IDriverRegistry>();

        var error = Assert.Throws<UnknownDriverException>(() => registry.GetDriver("ipmi"));

        Assert.Equal("ipmi", error.DriverName);
        Assert.Contains("'ipmi'", error.Message, StringComparison.Ordinal);
        Assert.Contains("fake-hardware", error.Message, StringComparison.Ordinal);
        Assert.False(registry.TryGetDriver("ipmi", out _));
    }

    [Fact]
    public void Constructor_DuplicateNames_Throws()
    {
        using var harness = new SimulatedDriverHarness();

        Assert.Throws<ArgumentException>(() => new DriverRegistry([harness.Driver, harness.Driver]));
    }

    [Fact]
    public void AddSimulatedDrivers_NegativeLatency_FailsValidationNamingProperty()
    {
        using var services = BuildServices(o => o.CleanLatency = TimeSpan.FromSeconds(-1));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SimulatedDriverOptions>>().Value);

        Assert.Contains("CleanLatency", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PowerState.On, "power on")]
    [InlineData(PowerState.Off, "power off")]
    [InlineData(PowerState.Error, "error")]
    [InlineData(PowerState.Unknown, null)]
    public void PowerStateNames_RoundTrip_MatchesIronic(PowerState state, string? name)
    {
        Assert.Equal(name, state.ToIronicName());
        Assert.True(PowerStateNames.TryParse(name, out var parsed));
        Assert.Equal(state, parsed);
        Assert.False(PowerStateNames.TryParse("powering", out _));
    }
}
