using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;
using BareMetal.TestInfrastructure.Redfish;

namespace BareMetal.Drivers.Tests.Redfish;

/// <summary>Sessions (X-Auth-Token), basic auth, and what a wrong password looks like.</summary>
public sealed class RedfishAuthenticationTests
{
    [Fact]
    public async Task One_session_serves_many_calls()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            await harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None);
        }

        Assert.Equal(1, harness.Bmc.Logins);
        Assert.All(harness.Bmc.Requests.Where(r => r.Path.StartsWith("/redfish/v1/Systems", StringComparison.Ordinal)), r => Assert.Equal("session", r.Authentication));
    }

    [Fact]
    public async Task An_expired_session_is_replaced_by_logging_in_again()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        await harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None);

        harness.Bmc.ExpireSessions();
        harness.Bmc.System.PowerState = "On";

        Assert.Equal(PowerState.On, await harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None));
        Assert.Equal(2, harness.Bmc.Logins);
    }

    [Fact]
    public async Task A_silo_shutdown_ends_its_sessions_on_the_bmc()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        await harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None);

        await harness.StopDriverAsync();

        var logOut = Assert.Single(harness.Bmc.Requests, r => r.Method == "DELETE");
        Assert.Equal(("/redfish/v1/SessionService/Sessions/1", 204, "session"), (logOut.Path, logOut.Status, logOut.Authentication));
    }

    [Fact]
    public async Task Basic_auth_is_used_when_asked_for()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        var context = harness.Node(info => info["redfish_auth_type"] = "basic");

        await harness.Driver.Power.SetPowerStateAsync(context, PowerAction.On, CancellationToken.None);

        Assert.Equal(0, harness.Bmc.Logins);
        Assert.Equal("On", harness.Bmc.System.PowerState);
        Assert.All(harness.Bmc.Requests, r => Assert.Equal("basic", r.Authentication));
    }

    [Fact]
    public async Task Auto_falls_back_to_basic_auth_on_a_bmc_without_sessions()
    {
        await using var harness = await RedfishDriverHarness.StartAsync(new RedfishService { SessionsEnabled = false });

        await harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None);
        await harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None);

        // The missing session service is asked about once, not before every call.
        Assert.Equal(1, harness.Bmc.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(2, harness.Bmc.Requests.Count(r => r is { Method: "GET", Authentication: "basic" }));
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("basic")]
    public async Task A_wrong_password_is_reported_clearly_once_per_call_and_never_shown(string authType)
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        const string wrong = "not-the-password-42";
        var context = harness.Node(info =>
        {
            info["redfish_password"] = wrong;
            info["redfish_auth_type"] = authType;
        });

        var exception = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Power.GetPowerStateAsync(context, CancellationToken.None));
        var result = await harness.Driver.Management.ValidateAsync(context, CancellationToken.None);

        Assert.Contains("rejected the credentials in redfish_username/redfish_password (HTTP 401", exception.Message, StringComparison.Ordinal);
        Assert.Equal(DriverStepOutcome.Failed, result.Outcome);
        Assert.Contains("rejected the credentials", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, exception.Message + result.Message, StringComparison.Ordinal);
        // No retry storm: each call makes one attempt that the BMC refuses.
        Assert.Equal(2, harness.Bmc.Requests.Count(r => r.Status == 401));
    }
}
