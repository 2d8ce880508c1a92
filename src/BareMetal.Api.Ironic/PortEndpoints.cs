using System.Text.Json.Nodes;
using BareMetal.Contracts.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Ironic;

/// <summary>/v1/ports and /v1/nodes/{ident}/ports.</summary>
internal static class PortEndpoints
{
    private static readonly HashSet<string> s_createFields =
        ["uuid", "address", "node_uuid", "extra", "local_link_connection", "pxe_enabled", "physical_network", "portgroup_uuid", "is_smartnic"];

    public static async Task<IResult> Create(HttpContext http, NodeDirectory nodes, IGrainFactory grains, TimeProvider time)
    {
        var request = IronicRequest.Of(http);
        var body = await IronicBody.ReadObjectAsync(http);
        IronicBody.EnsureOnly(body, s_createFields);
        var address = MacAddress.Normalize(IronicJson.ToOptionalString(body["address"], "address") ?? throw IronicApiException.BadRequest("'address' is a required property"));
        var nodeIdent = IronicJson.ToOptionalString(body["node_uuid"], "node_uuid") ?? throw IronicApiException.BadRequest("'node_uuid' is a required property");
        var node = await nodes.GetAsync(nodeIdent, request);
        if (body["portgroup_uuid"] is not null)
        {
            throw IronicApiException.BadRequest("Port groups are not supported by this service; leave portgroup_uuid out.");
        }

        foreach (var (field, since) in new[] { ("local_link_connection", 19), ("pxe_enabled", 19), ("physical_network", 34), ("is_smartnic", 53) })
        {
            if (body.ContainsKey(field))
            {
                request.EnsureVersion(since, $"The {field} field");
            }
        }

        var id = body["uuid"] is { } uuidValue
            ? NodeNames.AsUuid(IronicJson.ToOptionalString(uuidValue, "uuid") ?? string.Empty) ?? throw IronicApiException.BadRequest($"Expected a UUID but received {uuidValue.ToJsonString()}.")
            : Guid.NewGuid().ToString("D");
        var port = new PortRecord(id, node.Id, address, time.GetUtcNow())
        {
            Extra = IronicJson.ToMap(body["extra"], "extra"),
            LocalLinkConnection = IronicJson.ToMap(body["local_link_connection"], "local_link_connection"),
            PxeEnabled = IronicBody.ToOptionalBool(body["pxe_enabled"], "pxe_enabled") ?? true,
            PhysicalNetwork = IronicJson.ToOptionalString(body["physical_network"], "physical_network"),
            IsSmartNic = IronicBody.ToOptionalBool(body["is_smartnic"], "is_smartnic") ?? false,
        };
        var created = await Registry(grains).Create(port);
        return Results.Created($"{request.BaseUrl}/v1/ports/{id}", PortDocument.Build(created, request, null));
    }

    public static Task<IResult> List(HttpContext http, NodeDirectory nodes, IGrainFactory grains, IOptions<IronicApiOptions> options) =>
        ListCore(http, nodes, grains, options.Value, null, detailRoute: false);

    public static Task<IResult> Detail(HttpContext http, NodeDirectory nodes, IGrainFactory grains, IOptions<IronicApiOptions> options) =>
        ListCore(http, nodes, grains, options.Value, null, detailRoute: true);

    public static Task<IResult> ListOfNode(string ident, HttpContext http, NodeDirectory nodes, IGrainFactory grains, IOptions<IronicApiOptions> options) =>
        ListCore(http, nodes, grains, options.Value, ident, detailRoute: false);

    public static Task<IResult> DetailOfNode(string ident, HttpContext http, NodeDirectory nodes, IGrainFactory grains, IOptions<IronicApiOptions> options) =>
        ListCore(http, nodes, grains, options.Value, ident, detailRoute: true);

    public static async Task<IResult> Show(string portId, HttpContext http, IGrainFactory grains)
    {
        var request = IronicRequest.Of(http);
        var selection = PortDocument.ParseSelection(IronicQuery.Text(http, "fields"), request);
        var port = await Find(portId, grains);
        return Results.Json(PortDocument.Build(port, request, selection));
    }

    public static async Task<IResult> Delete(string portId, IGrainFactory grains)
    {
        var port = await Find(portId, grains);
        await Registry(grains).Delete(port.Id);
        return Results.NoContent();
    }

    private static async Task<PortRecord> Find(string portId, IGrainFactory grains)
    {
        var id = NodeNames.AsUuid(portId);
        return (id is null ? null : await Registry(grains).Get(id))
            ?? throw IronicApiException.NotFound($"Port {portId} could not be found.");
    }

    private static async Task<IResult> ListCore(HttpContext http, NodeDirectory nodes, IGrainFactory grains, IronicApiOptions settings, string? nodeIdent, bool detailRoute)
    {
        var request = IronicRequest.Of(http);
        var detailParameter = IronicQuery.Bool(http, "detail");
        var fields = IronicQuery.Text(http, "fields");
        var detail = detailRoute || detailParameter == true;
        if (detail && fields is not null)
        {
            throw IronicApiException.BadRequest("Can not specify ?detail=True and fields in the same request.");
        }

        var selection = PortDocument.ParseSelection(fields, request) ?? (detail ? null : PortDocument.ListDefault);
        var nodeFilter = nodeIdent ?? IronicQuery.Text(http, "node") ?? IronicQuery.Text(http, "node_uuid");
        string? nodeId = null;
        if (nodeFilter is not null)
        {
            nodeId = (await nodes.GetAsync(nodeFilter, request)).Id;
        }

        IEnumerable<PortRecord> ports = await Registry(grains).List(nodeId);
        if (IronicQuery.Text(http, "address") is { } address)
        {
            var wanted = MacAddress.Normalize(address);
            ports = ports.Where(p => p.Address == wanted);
        }

        if (IronicQuery.Text(http, "portgroup") is not null)
        {
            ports = [];
        }

        var descending = IronicQuery.Descending(http);
        var sortKey = IronicQuery.Text(http, "sort_key") ?? "id";
        Func<PortRecord, IComparable?> selector = sortKey switch
        {
            "id" or "created_at" => p => p.CreatedAt,
            "uuid" => p => p.Id,
            "address" => p => p.Address,
            "updated_at" => p => p.UpdatedAt,
            _ => throw IronicApiException.BadRequest($"The sort_key value \"{sortKey}\" is an invalid field for sorting."),
        };
        var sorted = (descending ? ports.OrderByDescending(selector).ThenByDescending(p => p.Id, StringComparer.Ordinal)
            : ports.OrderBy(selector).ThenBy(p => p.Id, StringComparer.Ordinal)).ToList();
        var limit = IronicQuery.Limit(http, settings.MaxLimit);
        var page = NodeListing.After(sorted, IronicQuery.Text(http, "marker"), p => p.Id).Take(limit).ToList();
        var result = new JsonObject { ["ports"] = new JsonArray([.. page.Select(p => PortDocument.Build(p, request, selection))]) };
        if (page.Count == limit)
        {
            var path = nodeIdent is null ? "ports" : $"nodes/{nodeIdent}/ports";
            result["next"] = IronicQuery.NextLink(http, request.BaseUrl, detailRoute ? path + "/detail" : path, limit, page[^1].Id);
        }

        return Results.Json(result);
    }

    private static IPortRegistryGrain Registry(IGrainFactory grains) => grains.GetResolvedGrain<IPortRegistryGrain>(PortRegistry.Key);
}
