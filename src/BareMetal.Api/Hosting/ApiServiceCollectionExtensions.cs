using System.Threading.RateLimiting;
using BareMetal.Api.Errors;
using BareMetal.Api.Diagnostics;
using BareMetal.Api.Hosting;
using BareMetal.Api.Idempotency;
using BareMetal.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the BareMetal HTTP gateway.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>The rate-limiting policy applied to every /api endpoint.</summary>
    public const string RateLimitPolicy = "baremetal-per-client";

    /// <summary>
    /// Adds the gateway's services: options from <c>BareMetal:Api</c> (validated at start), API-key authentication,
    /// the authorization policies "reader", "operator" and "admin", per-client rate limiting, problem details and the
    /// OpenAPI document. Needs an <c>IGrainFactory</c> in the container (an in-process silo or a cluster client).
    /// </summary>
    public static IServiceCollection AddBareMetalApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.Reader, p => p.RequireAuthenticatedUser().RequireRole(ApiRoles.Reader))
            .AddPolicy(ApiRoles.Operator, p => p.RequireAuthenticatedUser().RequireRole(ApiRoles.Operator))
            .AddPolicy(ApiRoles.Admin, p => p.RequireAuthenticatedUser().RequireRole(ApiRoles.Admin));
        // One evaluator and one result handler per application instead of new ones per request (both hold nothing
        // of a request).
        services.Replace(ServiceDescriptor.Singleton<IPolicyEvaluator, ApiPolicyEvaluator>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, AuthorizationMiddlewareResultHandler>());

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy<string, ApiRateLimitPolicy>(RateLimitPolicy);
            limiter.OnRejected = (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var delay) ? delay : TimeSpan.FromSeconds(1);
                return new ValueTask(ApiProblems.Write(
                    rejected.HttpContext,
                    StatusCodes.Status429TooManyRequests,
                    "rate-limited",
                    "Too many requests",
                    $"The client '{rejected.HttpContext.User.ClientName()}' sent more requests than its rate limit allows; retry after the delay in Retry-After.",
                    retryAfter: retryAfter));
            };
        });

        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ApiProblems.Customize);
        services.AddOpenApi();
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<ApiErrorFilter>();
        services.TryAddSingleton<ApiActivityFilter>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IdempotencyAnswerRetry>();
        services.TryAddSingleton<IdempotencyFilter>();
        services.TryAddSingleton<ResourceMovedRetryFilter>();
        return services;
    }
}
