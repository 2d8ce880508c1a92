using BareMetal.Api.Diagnostics;
using BareMetal.Api.Endpoints;
using BareMetal.Api.Errors;
using BareMetal.Api.Idempotency;
using BareMetal.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the BareMetal HTTP gateway.</summary>
public static class ApiApplicationExtensions
{
    private const string MiddlewareAddedKey = "BareMetal.Api.Middleware";

    // What UseAuthentication records on the application builder; WebApplication adds ASP.NET Core's authentication
    // middleware in front of everything unless it finds this.
    private const string AuthenticationAddedKey = "__AuthenticationMiddlewareSet";

    /// <summary>
    /// Adds the gateway's middleware (problem+json for unhandled errors and empty error answers, authentication,
    /// authorization, rate limiting) once, and maps the native API under /api and the OpenAPI document at
    /// /openapi/v1.json.
    /// </summary>
    public static WebApplication MapBareMetalApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        UseBareMetalApiMiddleware(app);

        var api = app.MapGroup("/api")
            .RequireRateLimiting(Microsoft.Extensions.DependencyInjection.ApiServiceCollectionExtensions.RateLimitPolicy)
            .AddEndpointFilterFactory(Shared<ApiErrorFilter>)
            .AddEndpointFilterFactory(Shared<ApiActivityFilter>)
            .AddEndpointFilterFactory(Shared<IdempotencyFilter>)
            .AddEndpointFilterFactory(Shared<ResourceMovedRetryFilter>)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        NodeEndpoints.Map(api);
        BootDeviceEndpoints.Map(api);
        OperationEndpoints.Map(api);
        EventEndpoints.Map(api);
        WebhookEndpoints.Map(api);

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }

    // One instance per application, not one per request (what AddEndpointFilter<T> makes): the filters hold only
    // singletons.
    private static EndpointFilterDelegate Shared<TFilter>(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
        where TFilter : IEndpointFilter
    {
        var filter = context.ApplicationServices.GetRequiredService<TFilter>();
        return invocation => filter.InvokeAsync(invocation, next);
    }

    /// <summary>
    /// Adds the middleware the gateway's endpoints rely on (idempotent: only the first call adds it). Call it before
    /// mapping other endpoints that use the "reader", "operator" and "admin" policies.
    /// </summary>
    public static IApplicationBuilder UseBareMetalApiMiddleware(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Properties.ContainsKey(MiddlewareAddedKey))
        {
            return app;
        }

        app.Properties[MiddlewareAddedKey] = true;
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Properties[AuthenticationAddedKey] = true;
        app.UseMiddleware<ApiKeyAuthenticationMiddleware>();
        // Before authorization, so that a flood of requests with bad keys is limited too (by address).
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}
