using System.Text.Json;
using BareMetal.Api.Diagnostics;
using BareMetal.Api.Errors;
using BareMetal.Api.Idempotency;
using BareMetal.Api.Json;
using BareMetal.Api.Models;
using BareMetal.Api.Security;
using BareMetal.Api.Validation;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Endpoints;

/// <summary>POST /api/nodes/{ident}/actions/{verb}: asks the node for an action and answers 202 with the operation.</summary>
internal static class ActionEndpoints
{
    public static async Task<IResult> Act(HttpContext context, string ident, string verb, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        if (!ActionVerbs.TryParse(verb, out var action))
        {
            throw new ApiProblemException(
                404,
                "unknown-action",
                "Unknown action",
                $"'{verb}' is not an action. Actions: {string.Join(", ", Enum.GetValues<OperationAction>().Select(a => a.ToWireName()))}.");
        }

        var body = await RequestBodies.ReadAsync<ActionBody>(context, required: false);
        var parameters = Parameters(body?.Parameters);
        var callback = Callback(body?.Callback);
        var id = await NodeLookup.ResolveAsync(grains, ident);
        var grain = grains.GetResolvedGrain<INodeGrain>(id);
        var request = new NodeActionRequest(
            action,
            parameters,
            IdempotencyFilter.KeyOf(context),
            context.User.ClientName(),
            ApiTelemetry.TraceId(context),
            callback);
        var (operation, node) = await grain.Accept(request);
        var accepted = new ActionAccepted(
            OperationResources.Masked(operation),
            node.Id,
            node.ProvisionState,
            node.TargetProvisionState,
            node.PowerState,
            node.TargetPowerState);
        return new TypedJsonResult<ActionAccepted>(
            accepted, ApiJson.TypeInfo<ActionAccepted>(), StatusCodes.Status202Accepted, OperationResources.Location(operation.Id));
    }

    private static Dictionary<string, string>? Parameters(Dictionary<string, JsonElement>? parameters)
    {
        if (parameters is null)
        {
            return null;
        }

        var converted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw ApiProblemException.BadRequest("Parameter names must not be empty.");
            }

            converted[name] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Null => throw ApiProblemException.BadRequest($"The parameter '{name}' must not be null."),
                _ => value.GetRawText(),
            };
        }

        InputLimits.CheckParameters(converted);
        return converted;
    }

    private static WebhookTarget? Callback(CallbackBody? callback)
    {
        if (callback is null)
        {
            return null;
        }

        InputLimits.CheckUrl(callback.Url, "callback.url");
        InputLimits.CheckText(callback.Secret, "callback.secret", InputLimits.MaxShortTextLength);
        if (!Uri.TryCreate(callback.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw ApiProblemException.BadRequest($"The field 'callback.url' must be an absolute http or https URL (was '{callback.Url}').");
        }

        if (callback.Secret is { Length: < 16 })
        {
            throw ApiProblemException.BadRequest("The field 'callback.secret' must be at least 16 characters.");
        }

        return new WebhookTarget(url.ToString(), callback.Secret);
    }
}
