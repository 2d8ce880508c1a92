using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BareMetal.Drivers.Redfish;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Tests.Redfish;

/// <summary>Neither the password nor a session token reaches a log line, and bad settings are refused by name.</summary>
public sealed class RedfishSecretTests
{
    [Fact]
    public async Task Passwords_and_session_tokens_never_reach_the_logs()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        const string wrong = "wrong-pass-Zz9";

        await harness.Driver.Management.ValidateAsync(harness.Node(), CancellationToken.None);
        await harness.Driver.Power.SetPowerStateAsync(harness.Node(), PowerAction.On, CancellationToken.None);
        await harness.Driver.BootDevice!.SetBootDeviceAsync(harness.Node(), BootDevice.Pxe, persistent: false, CancellationToken.None);
        harness.Bmc.ExpireSessions();
        await harness.Driver.Power.GetPowerStateAsync(harness.Node(info => info["redfish_auth_type"] = "basic"), CancellationToken.None);
        await harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None);
        await harness.Driver.Management.ValidateAsync(harness.Node(info => info["redfish_password"] = wrong), CancellationToken.None);
        var token = await LogInAsync(harness);

        var logs = string.Join('\n', harness.Logs.Lines);
        Assert.Contains("opened a Redfish session", logs, StringComparison.Ordinal);
        Assert.Contains("rejected the node's Redfish credentials", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Bmc.Password, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{harness.Bmc.Username}:{harness.Bmc.Password}")), logs, StringComparison.Ordinal);
        // Tokens are 32 hex digits; the driver's own tokens are as secret as this one.
        Assert.Equal(32, token.Length);
        Assert.DoesNotMatch("[0-9A-F]{32}", logs);
    }

    [Theory]
    [InlineData(nameof(RedfishDriverOptions.RequestTimeout), "BareMetal:Drivers:Redfish:RequestTimeout must be above zero")]
    [InlineData(nameof(RedfishDriverOptions.MaxConcurrentRequests), "BareMetal:Drivers:Redfish:MaxConcurrentRequests must be between 1 and 10000")]
    [InlineData(nameof(RedfishDriverOptions.PowerStatePollInterval), "BareMetal:Drivers:Redfish:PowerStatePollInterval must be above zero")]
    public void Bad_settings_are_refused_naming_the_setting(string setting, string expected)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IDriverCallbackSink>(new RecordingCallbackSink());
        Hosting.RedfishDriverServiceCollectionExtensions.AddRedfishDriver(services, o =>
        {
            switch (setting)
            {
                case nameof(RedfishDriverOptions.RequestTimeout): o.RequestTimeout = TimeSpan.Zero; break;
                case nameof(RedfishDriverOptions.MaxConcurrentRequests): o.MaxConcurrentRequests = 0; break;
                default: o.PowerStatePollInterval = TimeSpan.FromMinutes(5); break;
            }
        });
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedfishDriverOptions>>().Value);

        Assert.Contains(exception.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    // A token the way any client gets one, to know what a token looks like.
    private static async Task<string> LogInAsync(RedfishDriverHarness harness)
    {
        using var http = new HttpClient { BaseAddress = harness.Bmc.Address };
        using var content = new StringContent(new JsonObject { ["UserName"] = harness.Bmc.Username, ["Password"] = harness.Bmc.Password }.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await http.PostAsync("/redfish/v1/SessionService/Sessions", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.GetValues("X-Auth-Token").Single();
    }
}
