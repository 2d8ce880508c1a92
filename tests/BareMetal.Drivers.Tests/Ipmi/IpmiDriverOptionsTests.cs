using BareMetal.Drivers.Ipmi;
using BareMetal.Hosting;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Tests.Ipmi;

public sealed class IpmiDriverOptionsTests
{
    [Fact]
    public void AddIpmiDriver_ZeroProcessLimitAndNoTimeout_FailsNamingEachProperty()
    {
        using var services = Services(o =>
        {
            o.MaxConcurrentProcesses = 0;
            o.CommandTimeout = TimeSpan.Zero;
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IpmiDriverOptions>>().Value);

        Assert.Contains("IpmiDriverOptions.MaxConcurrentProcesses must be between 1 and 1024; it is 0.", failure.Failures);
        Assert.Contains("IpmiDriverOptions.CommandTimeout must be positive; it is 00:00:00.", failure.Failures);
    }

    [Fact]
    public void AddIpmiDriver_NoNativeRequestSlotsAndNoSessionReuse_FailsNamingEachProperty()
    {
        using var services = Services(o =>
        {
            o.MaxConcurrentNativeRequests = 0;
            o.NativeSessionIdleTimeout = TimeSpan.Zero;
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IpmiDriverOptions>>().Value);

        Assert.Contains("IpmiDriverOptions.MaxConcurrentNativeRequests must be between 1 and 4096; it is 0.", failure.Failures);
        Assert.Contains("IpmiDriverOptions.NativeSessionIdleTimeout must be positive; it is 00:00:00.", failure.Failures);
    }

    [Fact]
    public void AddIpmiDriver_RegistersIpmiBesideFakeHardwareOnce()
    {
        using var services = Services(null, twice: true);

        var registry = services.GetRequiredService<IDriverRegistry>();

        Assert.Equal(["fake-hardware", "ipmi"], registry.Names);
        Assert.NotNull(registry.GetDriver("ipmi").BootDevice);
    }

    private static ServiceProvider Services(Action<IpmiDriverOptions>? configure, bool twice = false)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IDriverCallbackSink>(new RecordingCallbackSink());
        services.AddIpmiDriver(configure);
        if (twice)
        {
            services.AddIpmiDriver();
        }

        return services.BuildServiceProvider();
    }
}
