using BareMetal.Api.Errors;
using BareMetal.Api.Json;
using BareMetal.Api.Models;
using BareMetal.Api.Security;
using BareMetal.Api.Validation;
using BareMetal.Contracts.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BareMetal.Api.Endpoints;

/// <summary>/api/webhooks: subscriptions to events, and their deliveries.</summary>
internal static class WebhookEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks");
        webhooks.MapPost("/", Create).RequireAuthorization(ApiRoles.Operator).WithName("CreateWebhook")
            .Accepts<WebhookBody>("application/json").Produces<WebhookSubscriptionView>(StatusCodes.Status201Created);
        webhooks.MapGet("/", List).RequireAuthorization(ApiRoles.Reader).WithName("ListWebhooks").Produces<IReadOnlyList<WebhookSubscriptionView>>();
        webhooks.MapGet("/{id}", Show).RequireAuthorization(ApiRoles.Reader).WithName("GetWebhook").Produces<WebhookSubscriptionView>();
        webhooks.MapDelete("/{id}", Delete).RequireAuthorization(ApiRoles.Admin).WithName("DeleteWebhook").Produces(StatusCodes.Status204NoContent);
        webhooks.MapGet("/{id}/deliveries", Deliveries).RequireAuthorization(ApiRoles.Reader).WithName("GetWebhookDeliveries").Produces<IReadOnlyList<WebhookDeliveryView>>();
    }

    private static IWebhookRegistryGrain Registry(IGrainFactory grains) => grains.GetResolvedGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key);

    private static async Task<IResult> Create(HttpContext context, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var body = (await RequestBodies.ReadAsync<WebhookBody>(context, required: true))!;
        InputLimits.CheckUrl(body.Url, "url");
        InputLimits.CheckText(body.Secret, "secret", InputLimits.MaxShortTextLength);
        InputLimits.CheckText(body.Description, "description", InputLimits.MaxFreeTextLength);
        if (!Uri.TryCreate(body.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw ApiProblemException.BadRequest($"The field 'url' must be an absolute http or https URL (was '{body.Url}').");
        }

        if (body.Secret.Length < 16)
        {
            throw ApiProblemException.BadRequest("The field 'secret' must be at least 16 characters.");
        }

        var unknown = (body.EventTypes ?? []).Where(t => !WebhookEventTypes.All.Contains(t, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw ApiProblemException.BadRequest($"Unknown event types: {string.Join(", ", unknown)}. Known: {string.Join(", ", WebhookEventTypes.All)}.");
        }

        var nodeId = body.NodeId is null ? null : await NodeLookup.ResolveAsync(grains, body.NodeId);
        var view = await Registry(grains).Add(new WebhookSubscriptionRequest(url.ToString(), body.Secret, body.EventTypes ?? [], nodeId, body.Description));
        return Results.Json(view, ApiJson.Options, statusCode: StatusCodes.Status201Created).WithLocation("/api/webhooks/" + Uri.EscapeDataString(view.Id));
    }

    private static async Task<IResult> List(HttpContext context, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        return Results.Json(await Registry(grains).List(), ApiJson.Options);
    }

    private static async Task<IResult> Show(HttpContext context, string id, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var found = (await Registry(grains).List()).FirstOrDefault(s => s.Id == id)
            ?? throw ApiProblemException.NotFound("webhook-not-found", $"No webhook subscription has the id '{id}'.");
        return Results.Json(found, ApiJson.Options);
    }

    private static async Task<IResult> Delete(HttpContext context, string id, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        return await Registry(grains).Remove(id)
            ? Results.NoContent()
            : throw ApiProblemException.NotFound("webhook-not-found", $"No webhook subscription has the id '{id}'.");
    }

    private static async Task<IResult> Deliveries(HttpContext context, string id, IGrainFactory grains)
    {
        QueryParameters.AllowOnly(context.Request);
        var registry = Registry(grains);
        if (!(await registry.List()).Any(s => s.Id == id))
        {
            throw ApiProblemException.NotFound("webhook-not-found", $"No webhook subscription has the id '{id}'.");
        }

        return Results.Json(await registry.Deliveries(id), ApiJson.Options);
    }
}
