using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;
using BareMetal.TestInfrastructure.Redfish;

namespace BareMetal.Drivers.Tests.Redfish;

/// <summary>redfish_verify_ca against a BMC with a self-signed certificate, as many have.</summary>
public sealed class RedfishTlsTests
{
    [Fact]
    public async Task A_self_signed_certificate_is_refused_by_default_with_the_way_out()
    {
        await using var harness = await RedfishDriverHarness.StartAsync(new RedfishService(https: true));

        var result = await harness.Driver.Management.ValidateAsync(harness.Node(), CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Failed, result.Outcome);
        Assert.StartsWith($"the TLS certificate of the BMC at {harness.Bmc.Address} was not accepted", result.Message, StringComparison.Ordinal);
        Assert.Contains("give redfish_verify_ca the path of the CA bundle", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ca_false_accepts_it()
    {
        await using var harness = await RedfishDriverHarness.StartAsync(new RedfishService(https: true));
        var context = harness.Node(info => info["redfish_verify_ca"] = "false");

        Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(context, CancellationToken.None));
    }

    [Fact]
    public async Task A_ca_bundle_that_holds_it_makes_it_trusted()
    {
        await using var harness = await RedfishDriverHarness.StartAsync(new RedfishService(https: true));
        var context = harness.Node(info => info["redfish_verify_ca"] = harness.Bmc.CertificatePemPath!);

        var result = await harness.Driver.Power.SetPowerStateAsync(context, PowerAction.On, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Done, result.Outcome);
        Assert.Equal("On", harness.Bmc.System.PowerState);
    }
}
