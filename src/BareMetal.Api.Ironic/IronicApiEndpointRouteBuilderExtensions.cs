using BareMetal.Api.Ironic;
using Microsoft.AspNetCore.Http;
using BareMetal.Api.Errors;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Ironic-compatible API.</summary>
public static class IronicApiEndpointRouteBuilderExtensions
{
    /// <summary>Policy for reads.</summary>
    public const string ReaderPolicy = "reader";

    /// <summary>Policy for changes.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>Policy for deletions.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>
    /// Maps Ironic's version document at "/" and the v1 API under "/v1" (nodes, node states, maintenance, history,
    /// validate, ports, drivers). Reads need the "reader" policy, changes "operator", deletions "admin"; the version
    /// documents are open, as in Ironic.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The /v1 group, for further conventions.</returns>
    public static RouteGroupBuilder MapIronicApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", VersionEndpoints.Root).AllowAnonymous().ExcludeFromDescription();

        // Ironic's own API reference describes these; the gateway's OpenAPI document is that of the native API.
        var v1 = endpoints.MapGroup("/v1").ExcludeFromDescription();
        v1.AddEndpointFilter(new IronicVersionFilter());
        // Innermost: a request that met a stale activation of its node during a failover is sent again before any answer.
        v1.AddEndpointFilterFactory((context, next) =>
        {
            var retry = ActivatorUtilities.GetServiceOrCreateInstance<ResourceMovedRetryFilter>(context.ApplicationServices);
            return invocation => retry.InvokeAsync(invocation, next);
        });
        v1.MapGet("/", VersionEndpoints.V1).AllowAnonymous();

        v1.MapPost("/nodes", NodeEndpoints.Create).RequireAuthorization(OperatorPolicy);
        v1.MapGet("/nodes", NodeEndpoints.List).RequireAuthorization(ReaderPolicy);
        v1.MapGet("/nodes/detail", NodeEndpoints.Detail).RequireAuthorization(ReaderPolicy);
        v1.MapGet("/nodes/{ident}", NodeEndpoints.Show).RequireAuthorization(ReaderPolicy);
        v1.MapPatch("/nodes/{ident}", NodeEndpoints.Patch).RequireAuthorization(OperatorPolicy);
        v1.MapDelete("/nodes/{ident}", NodeEndpoints.Delete).RequireAuthorization(AdminPolicy);

        v1.MapGet("/nodes/{ident}/states", NodeStateEndpoints.States).RequireAuthorization(ReaderPolicy);
        v1.MapPut("/nodes/{ident}/states/power", NodeStateEndpoints.Power).RequireAuthorization(OperatorPolicy);
        v1.MapPut("/nodes/{ident}/states/provision", NodeStateEndpoints.Provision).RequireAuthorization(OperatorPolicy);
        v1.MapPut("/nodes/{ident}/maintenance", NodeStateEndpoints.SetMaintenance).RequireAuthorization(OperatorPolicy);
        v1.MapDelete("/nodes/{ident}/maintenance", NodeStateEndpoints.ClearMaintenance).RequireAuthorization(OperatorPolicy);
        v1.MapMethods("/nodes/{ident}/validate", [HttpMethods.Get, HttpMethods.Post], NodeInfoEndpoints.Validate).RequireAuthorization(ReaderPolicy);
        v1.MapGet("/nodes/{ident}/history", NodeInfoEndpoints.History).RequireAuthorization(ReaderPolicy);
        v1.MapGet("/nodes/{ident}/management/boot_device", NodeManagementEndpoints.GetBootDevice).RequireAuthorization(ReaderPolicy);
        v1.MapPut("/nodes/{ident}/management/boot_device", NodeManagementEndpoints.SetBootDevice).RequireAuthorization(OperatorPolicy);
        v1.MapGet("/nodes/{ident}/management/boot_device/supported", NodeManagementEndpoints.SupportedBootDevices).RequireAuthorization(ReaderPolicy);
        v1.MapGet("/nodes/{ident}/ports", PortEndpoints.ListOfNode).RequireAuthorization(ReaderPolicy);
        v1.MapGet("/nodes/{ident}/ports/detail", PortEndpoints.DetailOfNode).RequireAuthorization(ReaderPolicy);

        v1.MapPost("/ports", PortEndpoints.Create).RequireAuthorization(OperatorPolicy);
        v1.MapGet("/ports", PortEndpoints.List).RequireAuthorization(ReaderPolicy);
        v1.MapGet("/ports/detail", PortEndpoints.Detail).RequireAuthorization(ReaderPolicy);
        v1.MapGet("/ports/{portId}", PortEndpoints.Show).RequireAuthorization(ReaderPolicy);
        v1.MapDelete("/ports/{portId}", PortEndpoints.Delete).RequireAuthorization(AdminPolicy);

        v1.MapGet("/drivers", DriverEndpoints.List).RequireAuthorization(ReaderPolicy);
        v1.MapGet("/drivers/{name}", DriverEndpoints.Show).RequireAuthorization(ReaderPolicy);

        // Anything else under /v1 is Ironic's 404 or 405, still with the version headers.
        v1.Map(IronicFallback.Pattern, (HttpContext http, EndpointDataSource all) => IronicFallback.Answer(http, all)).AllowAnonymous();
        return v1;
    }
}
