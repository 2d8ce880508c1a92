using System.Text.Json.Nodes;
using BareMetal.Contracts.Nodes;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Ironic;

/// <summary>/v1/nodes/{ident}/management/boot_device (and .../supported): the node's boot device through its BMC.</summary>
internal static class NodeManagementEndpoints
{
    private static readonly IReadOnlySet<string> s_bootDeviceFields = new HashSet<string>(StringComparer.Ordinal) { "boot_device", "persistent" };

    public static async Task<IResult> GetBootDevice(string ident, HttpContext http, NodeDirectory nodes)
    {
        var node = await nodes.GetAsync(ident, IronicRequest.Of(http));
        var bootDevice = await Call(() => nodes.Node(node.Id).GetBootDevice());
        return Results.Json(new JsonObject { ["boot_device"] = bootDevice.BootDevice, ["persistent"] = bootDevice.Persistent });
    }

    public static async Task<IResult> SetBootDevice(string ident, HttpContext http, NodeDirectory nodes)
    {
        var body = await IronicBody.ReadObjectAsync(http);
        IronicBody.EnsureOnly(body, s_bootDeviceFields);
        var device = IronicJson.ToOptionalString(body["boot_device"], "boot_device") ?? throw IronicApiException.BadRequest("'boot_device' is a required property");
        var persistent = IronicBody.ToOptionalBool(body["persistent"], "persistent") ?? false;
        var node = await nodes.GetAsync(ident, IronicRequest.Of(http));
        await Call(async () =>
        {
            await nodes.Node(node.Id).SetBootDevice(new NodeBootDevice(device, persistent));
            return true;
        });
        return Results.NoContent();
    }

    public static async Task<IResult> SupportedBootDevices(string ident, HttpContext http, NodeDirectory nodes)
    {
        var node = await nodes.GetAsync(ident, IronicRequest.Of(http));
        var names = await nodes.Node(node.Id).SupportedBootDevices();
        return Results.Json(new JsonObject { ["supported_boot_devices"] = new JsonArray([.. names.Select(n => (JsonNode)n)]) });
    }

    // As Ironic: a BMC that fails the request is a server-side failure (500) whose faultstring is the BMC's error.
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (NodeHardwareException failure)
        {
            throw new IronicApiException(500, failure.Message);
        }
    }
}
