using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Tests.Redfish;

/// <summary>The boot source override, set by PATCH with If-Match.</summary>
public sealed class RedfishBootDeviceTests
{
    [Theory]
    [InlineData(BootDevice.Pxe, false, "Pxe", "Once")]
    [InlineData(BootDevice.Disk, true, "Hdd", "Continuous")]
    [InlineData(BootDevice.Cdrom, false, "Cd", "Once")]
    [InlineData(BootDevice.Bios, true, "BiosSetup", "Continuous")]
    public async Task Setting_the_boot_device_patches_the_boot_override(BootDevice device, bool persistent, string target, string enabled)
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        harness.Bmc.RequireIfMatch = true;

        await harness.Driver.BootDevice.SetBootDeviceAsync(harness.Node(), device, persistent, CancellationToken.None);

        Assert.Equal(target, harness.Bmc.System.BootTarget);
        Assert.Equal(enabled, harness.Bmc.System.BootEnabled);
        Assert.Equal(new BootDeviceSetting(device, persistent), await harness.Driver.BootDevice.GetBootDeviceAsync(harness.Node(), CancellationToken.None));
    }

    [Fact]
    public async Task No_override_reads_as_no_boot_device()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();

        Assert.Equal(new BootDeviceSetting(null, false), await harness.Driver.BootDevice.GetBootDeviceAsync(harness.Node(), CancellationToken.None));
    }

    [Fact]
    public async Task A_stale_etag_is_read_again_and_retried_once()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        harness.Bmc.RequireIfMatch = true;
        harness.Bmc.ChangeBeforeNextPatches = 1;

        await harness.Driver.BootDevice.SetBootDeviceAsync(harness.Node(), BootDevice.Pxe, false, CancellationToken.None);

        Assert.Equal("Pxe", harness.Bmc.System.BootTarget);
        Assert.Equal([412, 200], harness.Bmc.Requests.Where(r => r.Method == "PATCH").Select(r => r.Status));
    }

    [Fact]
    public async Task A_system_that_keeps_changing_fails_after_one_retry_with_the_bmc_message()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        harness.Bmc.ChangeBeforeNextPatches = 5;

        var exception = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.BootDevice.SetBootDeviceAsync(harness.Node(), BootDevice.Pxe, false, CancellationToken.None));

        Assert.Contains("refused PATCH /redfish/v1/Systems/1: HTTP 412 Base.1.8.PreconditionFailed", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Bmc.Requests.Count(r => r.Method == "PATCH"));
    }
}
