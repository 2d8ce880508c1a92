using BareMetal.Api.Errors;
using BareMetal.Api.Json;
using BareMetal.Api.Models;
using BareMetal.Api.Security;
using BareMetal.Contracts.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BareMetal.Api.Endpoints;

/// <summary>
/// /api/nodes/{node}/management/boot-device: the device a node boots from, read from and set at its BMC (the native
/// twin of Ironic's /v1/nodes/{node}/management/boot_device). The node grain refuses it for a hardware type without
/// boot device control and while a step runs (409).
/// </summary>
internal static class BootDeviceEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var bootDevice = api.MapGroup("/nodes/{ident}/management/boot-device").WithTags("Nodes");
        bootDevice.MapGet(string.Empty, Get).RequireAuthorization(ApiRoles.Reader).WithName("GetNodeBootDevice").Produces<NodeBootDevice>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway);
        bootDevice.MapPut(string.Empty, Set).RequireAuthorization(ApiRoles.Operator).WithName("SetNodeBootDevice")
            .Accepts<BootDeviceBody>("application/json").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway);
    }

    private static async Task<IResult> Get(HttpContext context, string ident, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var id = await NodeLookup.ResolveAsync(grains, ident);
        var setting = await AtTheBmc(() => grains.GetResolvedGrain<INodeGrain>(id).GetBootDevice());
        return Results.Json(setting, ApiJson.Options);
    }

    private static async Task<IResult> Set(HttpContext context, string ident, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        // Checked before the node is looked up: a wrong body is the caller's mistake whatever the node.
        var body = (await RequestBodies.ReadAsync<BootDeviceBody>(context, required: true))!;
        if (body.BootDevice is null || !NodeBootDevice.Names.Contains(body.BootDevice, StringComparer.Ordinal))
        {
            var given = body.BootDevice is null ? "missing" : $"'{body.BootDevice}'";
            throw ApiProblemException.BadRequest($"The field 'bootDevice' must be one of {string.Join(", ", NodeBootDevice.Names)} (was {given}).");
        }

        var id = await NodeLookup.ResolveAsync(grains, ident);
        await AtTheBmc(async () =>
        {
            await grains.GetResolvedGrain<INodeGrain>(id).SetBootDevice(new NodeBootDevice(body.BootDevice, body.Persistent));
            return true;
        });
        return Results.NoContent();
    }

    // The BMC, not the request or the gateway, failed: 502 with the driver's words (which never carry a password).
    private static async Task<T> AtTheBmc<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (NodeHardwareException failure)
        {
            throw new ApiProblemException(502, "bmc-failed", "The node's BMC failed", failure.Message);
        }
    }
}
