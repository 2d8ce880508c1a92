using System.Text.Json.Nodes;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Ironic;

/// <summary>POST/GET/PATCH/DELETE of /v1/nodes.</summary>
internal static class NodeEndpoints
{
    private static readonly HashSet<string> s_createFields = [.. NodeFields.All.Select(f => f.Name).Where(n => n is not "links")];

    /// <summary>Fields we store; any other Ironic field is accepted on create only empty (null, "", {}, [], false).</summary>
    private static readonly HashSet<string> s_heldOnCreate =
        ["uuid", "name", "driver", "driver_info", "properties", "extra", "resource_class", "owner", "description", "traits"];

    public static async Task<IResult> Create(HttpContext http, NodeDirectory nodes, IOptions<IronicApiOptions> options)
    {
        var request = IronicRequest.Of(http);
        var settings = options.Value;
        var body = await IronicBody.ReadObjectAsync(http);
        IronicBody.EnsureOnly(body, s_createFields);
        EnsureNothingUnheld(body);
        var driver = IronicJson.ToOptionalString(body["driver"], "driver") ?? throw IronicApiException.BadRequest("'driver' is a required property");
        EnsureDriver(driver, settings);
        var id = body["uuid"] is { } uuidValue
            ? NodeNames.AsUuid(IronicJson.ToOptionalString(uuidValue, "uuid") ?? string.Empty) ?? throw IronicApiException.BadRequest($"Expected a UUID but received {uuidValue.ToJsonString()}.")
            : Guid.NewGuid().ToString("D");
        var name = IronicJson.ToOptionalString(body["name"], "name");
        if (name is not null)
        {
            request.EnsureVersion(5, "The name field");
            NodeNames.EnsureValid(name);
        }

        GateField(body, "resource_class", 21, request);
        GateField(body, "traits", 37, request);
        GateField(body, "owner", 50, request);
        GateField(body, "description", 51, request);
        var enrollment = new NodeEnrollment(name ?? id, driver, IronicJson.ToMap(body["driver_info"], "driver_info"))
        {
            Properties = IronicJson.ToMap(body["properties"], "properties"),
            Extra = IronicJson.ToMap(body["extra"], "extra"),
            ResourceClass = IronicJson.ToOptionalString(body["resource_class"], "resource_class"),
            Owner = IronicJson.ToOptionalString(body["owner"], "owner"),
            Description = IronicJson.ToOptionalString(body["description"], "description"),
            Traits = Traits(body["traits"]),
        };

        InputLimits.CheckNodeFields(
            enrollment.DriverInfo, enrollment.Properties, enrollment.Extra, enrollment.Traits, enrollment.ResourceClass, enrollment.Owner, enrollment.Description, NodeFieldNames.Ironic);
        var grain = nodes.Node(id);
        if (await Exists(grain))
        {
            throw IronicApiException.Conflict($"A node with UUID {id} already exists.");
        }

        if (name is not null && !await nodes.Name(name).Claim(id))
        {
            throw IronicApiException.Conflict($"A node with name {name} already exists.");
        }

        NodeView node;
        try
        {
            node = await grain.Enroll(enrollment);
        }
        catch (Exception) when (name is not null)
        {
            await nodes.Name(name).Release(id);
            throw;
        }

        if (!request.Version.IsAtLeast(11))
        {
            // Before 1.11 Ironic created nodes straight in "available"; here they walk there on their own queue.
            await grain.Submit(new NodeActionRequest(OperationAction.Manage));
            await grain.Submit(new NodeActionRequest(OperationAction.Provide));
            node = await grain.Get();
        }

        return Results.Created($"{request.BaseUrl}/v1/nodes/{id}", NodeDocument.Build(node, request, settings.ConductorName, null));
    }

    public static async Task<IResult> List(HttpContext http, NodeDirectory nodes, IOptions<IronicApiOptions> options) =>
        await ListCore(http, nodes, options.Value, detailRoute: false);

    public static async Task<IResult> Detail(HttpContext http, NodeDirectory nodes, IOptions<IronicApiOptions> options) =>
        await ListCore(http, nodes, options.Value, detailRoute: true);

    public static async Task<IResult> Show(string ident, HttpContext http, NodeDirectory nodes, IOptions<IronicApiOptions> options)
    {
        var request = IronicRequest.Of(http);
        var selection = NodeFields.ParseSelection(IronicQuery.Text(http, "fields"), request);
        var node = await nodes.GetAsync(ident, request);
        return Results.Json(NodeDocument.Build(node, request, options.Value.ConductorName, selection));
    }

    public static async Task<IResult> Patch(string ident, HttpContext http, NodeDirectory nodes, IOptions<IronicApiOptions> options)
    {
        var request = IronicRequest.Of(http);
        var operations = await IronicBody.ReadArrayAsync(http);
        var node = await nodes.GetAsync(ident, request);
        var edit = NodePatch.Apply(node, operations, request, options.Value);
        var oldName = NodeDocument.IronicName(node);
        var newName = edit.Name == node.Id ? null : edit.Name;
        var renamed = newName is not null && newName != oldName;
        if (renamed && !await nodes.Name(newName!).Claim(node.Id))
        {
            throw IronicApiException.Conflict($"A node with name {newName} already exists.");
        }

        NodeView updated;
        try
        {
            updated = await nodes.Node(node.Id).Update(edit);
        }
        catch (Exception) when (renamed)
        {
            await nodes.Name(newName!).Release(node.Id);
            throw;
        }

        if (oldName is not null && oldName != newName)
        {
            await nodes.Name(oldName).Release(node.Id);
        }

        return Results.Json(NodeDocument.Build(updated, request, options.Value.ConductorName, null));
    }

    public static async Task<IResult> Delete(string ident, HttpContext http, NodeDirectory nodes, IGrainFactory grains)
    {
        var request = IronicRequest.Of(http);
        var node = await nodes.GetAsync(ident, request);
        try
        {
            await nodes.Node(node.Id).Delete(http.User.Identity?.Name);
        }
        catch (NodeRequestRefusedException refused)
        {
            throw IronicApiException.BadRequest(
                $"Can not delete node \"{node.Id}\" while it is in provision state \"{node.ProvisionState.ToIronicName()}\". {refused.Reason ?? refused.Message}");
        }

        if (NodeDocument.IronicName(node) is { } name)
        {
            await nodes.Name(name).Release(node.Id);
        }

        // Ironic deletes a node's ports with it.
        await grains.GetResolvedGrain<IPortRegistryGrain>(PortRegistry.Key).DeleteNodePorts(node.Id);
        return Results.NoContent();
    }

    public static void EnsureDriver(string driver, IronicApiOptions settings)
    {
        if (!settings.Drivers.Contains(driver, StringComparer.Ordinal))
        {
            throw IronicApiException.BadRequest(
                $"Cannot load specified driver(s). Driver \"{driver}\" is not known; known drivers: {string.Join(", ", settings.Drivers)}.");
        }
    }

    private static async Task<IResult> ListCore(HttpContext http, NodeDirectory nodes, IronicApiOptions settings, bool detailRoute)
    {
        var request = IronicRequest.Of(http);
        var detailParameter = IronicQuery.Bool(http, "detail");
        if (detailParameter is not null)
        {
            request.EnsureVersion(43, "The detail parameter");
        }

        var fields = IronicQuery.Text(http, "fields");
        var detail = detailRoute || detailParameter == true;
        if (detail && fields is not null)
        {
            throw IronicApiException.BadRequest("Can not specify ?detail=True and fields in the same request.");
        }

        var selection = NodeFields.ParseSelection(fields, request) ?? (detail ? null : NodeFields.ListDefault);
        var limit = IronicQuery.Limit(http, settings.MaxLimit);
        var matching = NodeListing.Filter(await nodes.ListAsync(NodeListing.IndexQuery(http, request)), http, settings.ConductorName);
        var sorted = NodeListing.Sort(matching, http);
        var page = NodeListing.After(sorted, IronicQuery.Text(http, "marker"), n => n.Id).Take(limit).ToList();
        var result = new JsonObject
        {
            ["nodes"] = new JsonArray([.. page.Select(n => NodeDocument.Build(n, request, settings.ConductorName, selection))]),
        };
        if (page.Count == limit)
        {
            result["next"] = IronicQuery.NextLink(http, request.BaseUrl, detailRoute ? "nodes/detail" : "nodes", limit, page[^1].Id);
        }

        return Results.Json(result);
    }

    private static async Task<bool> Exists(INodeGrain grain)
    {
        try
        {
            await grain.Get();
            return true;
        }
        catch (NodeNotFoundException)
        {
            return false;
        }
    }

    private static void EnsureNothingUnheld(JsonObject body)
    {
        foreach (var (key, value) in body)
        {
            if (!s_heldOnCreate.Contains(key) && value is not null && !IsEmpty(value))
            {
                throw IronicApiException.BadRequest($"Setting {key} is not supported by this service; leave it out or empty.");
            }
        }
    }

    private static bool IsEmpty(JsonNode value) =>
        value switch
        {
            JsonObject map => map.Count == 0,
            JsonArray list => list.Count == 0,
            JsonValue scalar when scalar.TryGetValue<string>(out var text) => text.Length == 0,
            JsonValue scalar when scalar.TryGetValue<bool>(out var flag) => !flag,
            _ => false,
        };

    private static void GateField(JsonObject body, string field, int since, IronicRequest request)
    {
        if (body.ContainsKey(field))
        {
            request.EnsureVersion(since, $"The {field} field");
        }
    }

    private static IReadOnlyList<string>? Traits(JsonNode? value) =>
        value switch
        {
            null => null,
            JsonArray list => [.. list.Select(t => IronicJson.ToOptionalString(t, "traits") ?? throw IronicApiException.BadRequest("A trait must be a string."))],
            _ => throw IronicApiException.BadRequest($"Invalid input for field/attribute traits. Value: {value.ToJsonString()}. It must be a list of strings."),
        };
}
