using System.Text.Json;
using System.Text.RegularExpressions;
using BareMetal.Api.Errors;
using BareMetal.Api.Hosting;
using BareMetal.Api.Json;
using BareMetal.Api.Models;
using BareMetal.Api.Security;
using BareMetal.Api.Fleet;
using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Endpoints;

/// <summary>/api/operations: show (with long-poll), list, cancel, and a server-sent-events stream of one operation.</summary>
internal static partial class OperationEndpoints
{
    private static readonly TimeSpan s_streamWait = TimeSpan.FromSeconds(15);

    public static void Map(RouteGroupBuilder api)
    {
        var operations = api.MapGroup("/operations").WithTags("Operations");
        operations.MapGet("/", List).RequireAuthorization(ApiRoles.Reader).WithName("ListOperations").Produces<Page<OperationView>>();
        operations.MapGet("/{id}", Show).RequireAuthorization(ApiRoles.Reader).WithName("GetOperation").Produces<OperationView>();
        operations.MapDelete("/{id}", Cancel).RequireAuthorization(ApiRoles.Operator).WithName("CancelOperation").Produces<CancelAccepted>(StatusCodes.Status202Accepted);
        operations.MapPost("/{id}/cancel", Cancel).RequireAuthorization(ApiRoles.Operator).WithName("CancelOperationByPost").Produces<CancelAccepted>(StatusCodes.Status202Accepted);
        operations.MapGet("/{id}/events", Stream).RequireAuthorization(ApiRoles.Reader).WithName("StreamOperation").Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
    }

    private static async Task<IResult> List(HttpContext context, IGrainFactory grains)
    {
        var request = context.Request;
        QueryParameters.AllowOnly(request, "nodeId", "status", "limit", "cursor");
        var nodeIdent = QueryParameters.Text(request, "nodeId");
        var nodeId = nodeIdent is null ? null : await NodeLookup.ResolveAsync(grains, nodeIdent);
        var query = new OperationQuery(nodeId, QueryParameters.StatusOf(request), QueryParameters.Text(request, "cursor"), QueryParameters.Limit(request));
        OperationPage page;
        try
        {
            page = await FleetReads.ListOperationsAsync(grains, query);
        }
        catch (ArgumentException)
        {
            // The reader's own message describes its parsing, not what the client should send.
            throw ApiProblemException.BadRequest("The query parameter 'cursor' is not valid: use the nextCursor of a previous page.");
        }

        return Results.Json(new Page<OperationView>(page.Operations.Select(OperationResources.Masked).ToList(), page.NextCursor), ApiJson.Options);
    }

    private static async Task<IResult> Show(HttpContext context, string id, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        var request = context.Request;
        QueryParameters.AllowOnly(request, "waitForChangeAfter", "timeout");
        var grain = grains.GetResolvedGrain<IOperationGrain>(CheckId(id));
        var after = QueryParameters.Version(request, "waitForChangeAfter");
        var timeout = QueryParameters.Duration(request, "timeout", options.Value.MaxLongPollTimeout) ?? TimeSpan.FromSeconds(20);
        if (after is null && request.Query.ContainsKey("timeout"))
        {
            throw ApiProblemException.BadRequest("The query parameter 'timeout' needs 'waitForChangeAfter' (the version you already have).");
        }

        var view = after is { } version ? await OperationLongPoll.WaitForChangeAsync(grain, version, timeout) : await grain.Get();
        context.Response.Headers.ETag = $"\"{view.Version}\"";
        return Results.Json(OperationResources.Masked(view), ApiJson.Options);
    }

    private static async Task<IResult> Cancel(HttpContext context, string id, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request, "reason");
        var operation = await grains.GetResolvedGrain<IOperationGrain>(CheckId(id)).Get();
        var reason = QueryParameters.Text(context.Request, "reason") ?? $"cancelled by {context.User.ClientName()}";
        Validation.InputLimits.CheckText(reason, "reason", Validation.InputLimits.MaxFreeTextLength);
        var outcome = await grains.GetResolvedGrain<INodeGrain>(operation.NodeId).Cancel(operation.Id, reason);
        var after = await grains.GetResolvedGrain<IOperationGrain>(operation.Id).Get();
        if (!outcome.Accepted)
        {
            var problem = new ApiProblemException(409, "not-cancellable", "Operation cannot be cancelled now", $"Operation {operation.Id} cannot be cancelled now: {outcome.Reason}");
            problem.Extensions["reason"] = outcome.Reason;
            problem.Extensions["operationStatus"] = QueryParameters.StatusName(outcome.Status);
            throw problem;
        }

        return Results.Json(new CancelAccepted(outcome.Reason, OperationResources.Masked(after)), ApiJson.Options, statusCode: StatusCodes.Status202Accepted)
            .WithLocation(OperationResources.Location(operation.Id));
    }

    private static async Task Stream(HttpContext context, string id, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var grain = grains.GetResolvedGrain<IOperationGrain>(CheckId(id));
        var view = await grain.Get();
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var aborted = context.RequestAborted;
        await WriteEvent(response, view, aborted);
        while (!view.Status.IsTerminal() && !aborted.IsCancellationRequested)
        {
            var next = await grain.WaitForChange(view.Version, s_streamWait);
            if (next.Version > view.Version)
            {
                view = next;
                await WriteEvent(response, view, aborted);
            }
            else
            {
                // A comment line keeps proxies from closing an idle stream.
                await response.WriteAsync(": waiting\n\n", aborted);
                await response.Body.FlushAsync(aborted);
            }
        }
    }

    private static async Task WriteEvent(HttpResponse response, OperationView view, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(OperationResources.Masked(view), ApiJson.Options);
        await response.WriteAsync($"id: {view.Version}\nevent: operation\ndata: {json}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static string CheckId(string id) =>
        OperationIdPattern().IsMatch(id)
            ? id
            : throw ApiProblemException.BadRequest($"'{(id.Length > 64 ? id[..64] + "..." : id)}' is not an operation id (op- followed by 32 hex digits).");

    [GeneratedRegex("^op-[0-9a-f]{32}$")]
    private static partial Regex OperationIdPattern();
}
