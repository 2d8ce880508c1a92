using BareMetal.TestInfrastructure.Redfish;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>Enrolls and manages redfish nodes with the real <c>baremetal</c> command line.</summary>
internal static class RedfishNodeCli
{
    /// <summary>Creates a node with driver redfish pointing at <paramref name="bmc"/>; returns its uuid and name.</summary>
    public static async Task<(string Uuid, string Name)> EnrollAsync(BaremetalCli cli, RedfishService bmc, string? password = null)
    {
        var name = NodeApiTests.Unique("rf");
        var created = await cli.JsonAsync(
            "node", "create", "--driver", "redfish", "--name", name,
            "--driver-info", $"redfish_address={bmc.Address.ToString().TrimEnd('/')}",
            "--driver-info", $"redfish_system_id={bmc.System.Path}",
            "--driver-info", $"redfish_username={bmc.Username}",
            "--driver-info", $"redfish_password={password ?? bmc.Password}");
        return ((string)created["uuid"]!, name);
    }
}
