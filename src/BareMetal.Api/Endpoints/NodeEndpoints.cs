using System.Text.Json;
using BareMetal.Api.Errors;
using BareMetal.Api.Json;
using BareMetal.Api.Models;
using BareMetal.Api.Security;
using BareMetal.Api.Fleet;
using BareMetal.Api.Validation;
using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BareMetal.Api.Endpoints;

/// <summary>/api/nodes: enroll, list, show, patch, delete, history and operations of a node.</summary>
internal static class NodeEndpoints
{
    public const string MergePatchMediaType = "application/merge-patch+json";
    public const string JsonPatchMediaType = "application/json-patch+json";

    public static void Map(RouteGroupBuilder api)
    {
        var nodes = api.MapGroup("/nodes").WithTags("Nodes");
        nodes.MapPost("/", Create).RequireAuthorization(ApiRoles.Operator).WithName("CreateNode")
            .Accepts<CreateNodeBody>("application/json").Produces<NodeResource>(StatusCodes.Status201Created);
        nodes.MapGet("/", List).RequireAuthorization(ApiRoles.Reader).WithName("ListNodes").Produces<Page<NodeResource>>();
        nodes.MapGet("/{ident}", Show).RequireAuthorization(ApiRoles.Reader).WithName("GetNode").Produces<NodeResource>();
        nodes.MapPatch("/{ident}", Patch).RequireAuthorization(ApiRoles.Operator).WithName("PatchNode")
            .Accepts<JsonElement>(MergePatchMediaType, JsonPatchMediaType, "application/json").Produces<NodeResource>();
        nodes.MapDelete("/{ident}", Delete).RequireAuthorization(ApiRoles.Admin).WithName("DeleteNode").Produces(StatusCodes.Status204NoContent);
        nodes.MapGet("/{ident}/history", History).RequireAuthorization(ApiRoles.Reader).WithName("GetNodeHistory").Produces<IReadOnlyList<NodeHistoryEntry>>();
        nodes.MapGet("/{ident}/operations", Operations).RequireAuthorization(ApiRoles.Reader).WithName("GetNodeOperations").Produces<IReadOnlyList<OperationView>>();
        nodes.MapPost("/{ident}/actions/{verb}", ActionEndpoints.Act).RequireAuthorization(ApiRoles.Operator).WithName("ActOnNode")
            .Accepts<ActionBody>("application/json").Produces<ActionAccepted>(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> Create(HttpContext context, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var body = (await RequestBodies.ReadAsync<CreateNodeBody>(context, required: true))!;
        string id;
        if (body.Id is null)
        {
            id = Guid.NewGuid().ToString("D");
        }
        else if (Guid.TryParse(body.Id, out var given))
        {
            id = given.ToString("D");
        }
        else
        {
            throw ApiProblemException.BadRequest($"The field 'id' must be a UUID (was '{body.Id}').");
        }

        var name = body.Name ?? id;
        if (name.Length is 0 or > NodeLookup.MaxIdentLength || string.IsNullOrWhiteSpace(name))
        {
            throw ApiProblemException.BadRequest($"The field 'name' must be 1 to {NodeLookup.MaxIdentLength} characters.");
        }

        if (body.Name is not null && NodeNameRule.Problem(body.Name) is { } problem)
        {
            throw ApiProblemException.BadRequest($"The field 'name' is not a valid node name: {problem}");
        }

        if (string.IsNullOrWhiteSpace(body.Driver))
        {
            throw ApiProblemException.BadRequest("The field 'driver' must be set (for example 'fake-hardware').");
        }

        InputLimits.CheckNodeFields(body.DriverInfo, body.Properties, body.Extra, body.Traits, body.ResourceClass, body.Owner, body.Description, field => field);
        var enrollment = new NodeEnrollment(name, body.Driver, body.DriverInfo)
        {
            Properties = body.Properties,
            ResourceClass = body.ResourceClass,
            Traits = body.Traits,
            Owner = body.Owner,
            Description = body.Description,
            Extra = body.Extra,
        };
        var node = await grains.GetResolvedGrain<INodeGrain>(id).Enroll(enrollment);
        return Results.Json(NodeResource.From(node, []), ApiJson.Options, statusCode: StatusCodes.Status201Created)
            .WithLocation("/api/nodes/" + node.Id);
    }

    private static async Task<IResult> List(HttpContext context, IGrainFactory grains)
    {
        var request = context.Request;
        QueryParameters.AllowOnly(request, "provisionState", "powerState", "maintenance", "resourceClass", "owner", "driver", "search", "limit", "cursor");
        var query = new NodeQuery(
            ProvisionState: QueryParameters.ProvisionStateOf(request),
            PowerState: QueryParameters.PowerStateOf(request),
            Maintenance: QueryParameters.Boolean(request, "maintenance"),
            ResourceClass: QueryParameters.Text(request, "resourceClass"),
            Owner: QueryParameters.Text(request, "owner"),
            Driver: QueryParameters.Text(request, "driver"),
            Search: QueryParameters.Text(request, "search"),
            After: QueryParameters.Text(request, "cursor"),
            Limit: QueryParameters.Limit(request));
        NodePage page;
        try
        {
            page = await FleetReads.ListNodesAsync(grains, query);
        }
        catch (ArgumentException)
        {
            // The reader's own message describes its parsing, not what the client should send.
            throw ApiProblemException.BadRequest("The query parameter 'cursor' is not valid: use the nextCursor of a previous page.");
        }

        var items = page.Nodes.Select(n => NodeResource.From(n, [])).ToList();
        return Results.Json(new Page<NodeResource>(items, page.NextCursor), ApiJson.Options);
    }

    private static async Task<IResult> Show(HttpContext context, string ident, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var id = await NodeLookup.ResolveAsync(grains, ident);
        var (node, pending) = await NodeLookup.ReadAsync(grains, id);
        return Results.Json(NodeResource.From(node, pending), ApiJson.Options);
    }

    private static async Task<IResult> Patch(HttpContext context, string ident, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var id = await NodeLookup.ResolveAsync(grains, ident);
        var bytes = await RequestBodies.ReadBytesAsync(context);
        if (bytes.IsEmpty)
        {
            throw ApiProblemException.BadRequest("A PATCH needs a body: a JSON merge patch (application/merge-patch+json) or a JSON patch (application/json-patch+json).");
        }

        RequestBodies.CheckMediaType(context, [MergePatchMediaType, JsonPatchMediaType, "application/json"]);
        var grain = grains.GetResolvedGrain<INodeGrain>(id);
        var current = await grain.Get();
        var edited = NodePatches.Apply(current, bytes, context.Request.ContentType!.StartsWith(JsonPatchMediaType, StringComparison.OrdinalIgnoreCase));
        var updated = await grain.Update(edited);
        var pending = await NodeLookup.OperationsAsync(grains, updated.PendingOperationIds);
        return Results.Json(NodeResource.From(updated, pending), ApiJson.Options);
    }

    private static async Task<IResult> Delete(HttpContext context, string ident, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var id = await NodeLookup.ResolveAsync(grains, ident);
        await grains.GetResolvedGrain<INodeGrain>(id).Delete(context.User.ClientName());
        return Results.NoContent();
    }

    private static async Task<IResult> History(HttpContext context, string ident, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var id = await NodeLookup.ResolveAsync(grains, ident);
        var history = await grains.GetResolvedGrain<INodeGrain>(id).History();
        return Results.Json(history, ApiJson.Options);
    }

    private static async Task<IResult> Operations(HttpContext context, string ident, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var id = await NodeLookup.ResolveAsync(grains, ident);
        var ids = await grains.GetResolvedGrain<INodeGrain>(id).RecentOperations();
        var operations = await NodeLookup.OperationsAsync(grains, ids);
        return Results.Json(operations.Select(OperationResources.Masked).ToList(), ApiJson.Options);
    }
}
