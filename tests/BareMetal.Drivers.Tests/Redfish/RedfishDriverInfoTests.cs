using BareMetal.Drivers.Redfish;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Tests.Redfish;

/// <summary>What an operator sees when a node's redfish driver_info is wrong: the key and what is expected, never the password.</summary>
public sealed class RedfishDriverInfoTests
{
    private const string Password = "hunter2-do-not-show";

    [Fact]
    public void A_bare_host_is_reached_over_https_and_credentials_are_kept()
    {
        var (info, problems) = RedfishDriverInfo.Parse(Info(("redfish_address", "10.0.0.5:8443"), ("redfish_username", "root"), ("redfish_password", Password)));
        Assert.Empty(problems);
        Assert.Equal(new Uri("https://10.0.0.5:8443"), info!.Address);
        Assert.Equal("root", info.Username);
        Assert.Null(info.SystemId);
        Assert.True(info.CertificateCheck.Verify);
        Assert.DoesNotContain(Password, info.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "redfish_address is required")]
    [InlineData("ftp://bmc", "redfish_address must be an http or https URL")]
    [InlineData("https://bmc.example/redfish/v1", "redfish_address must be the BMC's URL without a path")]
    [InlineData("https://root:pw@bmc.example", "redfish_address must not carry credentials")]
    public void A_wrong_address_is_named(string? address, string expected)
    {
        var (info, problems) = RedfishDriverInfo.Parse(Info(("redfish_address", address)));
        Assert.Null(info);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("no", false)]
    [InlineData("1", true)]
    public void Verify_ca_takes_the_booleans_ironic_takes(string value, bool verify)
    {
        var (info, problems) = RedfishDriverInfo.Parse(Info(("redfish_address", "https://bmc"), ("redfish_verify_ca", value)));
        Assert.Empty(problems);
        Assert.Equal(verify, info!.CertificateCheck.Verify);
        Assert.Null(info.CertificateCheck.CaBundlePath);
    }

    [Fact]
    public void Verify_ca_takes_the_path_of_an_existing_bundle_and_names_a_missing_one()
    {
        var bundle = Path.GetTempFileName();
        try
        {
            var (info, _) = RedfishDriverInfo.Parse(Info(("redfish_address", "https://bmc"), ("redfish_verify_ca", bundle)));
            Assert.Equal(bundle, info!.CertificateCheck.CaBundlePath);

            var (none, problems) = RedfishDriverInfo.Parse(Info(("redfish_address", "https://bmc"), ("redfish_verify_ca", "/nonexistent/ca.pem")));
            Assert.Null(none);
            Assert.Contains(problems, p => p.StartsWith("redfish_verify_ca must be true, false, or the path of a CA bundle", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(bundle);
        }
    }

    [Fact]
    public void Half_given_credentials_and_a_bad_system_id_are_named_without_the_password()
    {
        var (_, problems) = RedfishDriverInfo.Parse(Info(("redfish_address", "https://bmc"), ("redfish_password", Password), ("redfish_system_id", "Systems/1"), ("redfish_auth_type", "digest")));
        Assert.Contains(problems, p => p.Contains("redfish_password is set but redfish_username is missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("redfish_system_id must be the path of the ComputerSystem", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("redfish_auth_type must be one of auto, session, basic", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validation_of_invalid_driver_info_fails_with_the_problem_before_any_request()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        var context = harness.Node(info => info.Remove(RedfishDriverInfoKeys.Address));

        var result = await harness.Driver.Management.ValidateAsync(context, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Failed, result.Outcome);
        Assert.StartsWith("invalid driver_info for redfish: redfish_address is required", result.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Bmc.Requests);
    }

    private static Dictionary<string, string> Info(params (string Key, string? Value)[] pairs) =>
        pairs.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
}
