using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Api.Security;

/// <summary>
/// The authorization middleware's policy evaluator, one per application. A policy that only asks for an authenticated
/// user in a role (the "reader", "operator" and "admin" policies) is granted at once to a user who qualifies, which
/// is what ASP.NET Core's evaluation concludes too; everything else (every refusal, so its 401 or 403 and its log,
/// and any other policy) goes to ASP.NET Core's own evaluator. Spared per request: an authorization service, its
/// handler context and requirement set, and a task per step.
/// </summary>
internal sealed class ApiPolicyEvaluator : IPolicyEvaluator
{
    private static readonly Task<PolicyAuthorizationResult> s_granted = Task.FromResult(PolicyAuthorizationResult.Success());
    private readonly ApiKeyAuthenticator _authenticator;
    private readonly bool _onlyBuiltInHandlers;

    public ApiPolicyEvaluator(ApiKeyAuthenticator authenticator, IEnumerable<IAuthorizationHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(handlers);
        _authenticator = authenticator;
        // A handler registered by anyone else may refuse what the requirements alone grant: then always ask ASP.NET Core.
        _onlyBuiltInHandlers = handlers.All(h => h is PassThroughAuthorizationHandler);
    }

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(context);
        if (policy.AuthenticationSchemes.Count == 0 && context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is { } known)
        {
            // What ASP.NET Core answers too (the result the authentication middleware left), without a new task.
            return _authenticator.TaskOf(known);
        }

        return Framework(context).AuthenticateAsync(policy, context);
    }

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(context);
        return _onlyBuiltInHandlers && authenticationResult is { Succeeded: true } && Grants(policy, context)
            ? s_granted
            : Framework(context).AuthorizeAsync(policy, authenticationResult, context, resource);
    }

    // Whether every requirement of the policy is met by the user, when the user is an authenticated key's principal
    // and all requirements are of the two kinds known here.
    private bool Grants(AuthorizationPolicy policy, HttpContext context)
    {
        var requirements = policy.Requirements;
        if (requirements.Count == 0 || !_authenticator.TryGetRoles(context.User, out var held))
        {
            return false;
        }

        for (var i = 0; i < requirements.Count; i++)
        {
            var met = requirements[i] switch
            {
                // The principals built by the authenticator are authenticated.
                DenyAnonymousAuthorizationRequirement => true,
                RolesAuthorizationRequirement roles => HoldsAny(held, roles.AllowedRoles),
                _ => false,
            };
            if (!met)
            {
                return false;
            }
        }

        return true;
    }

    // Role names compare as ClaimsPrincipal.IsInRole compares them (ordinal).
    private static bool HoldsAny(string[] held, IEnumerable<string> allowed)
    {
        if (allowed is IReadOnlyList<string> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (Array.IndexOf(held, list[i]) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        return allowed.Any(role => Array.IndexOf(held, role) >= 0);
    }

    // ASP.NET Core's evaluator with the request's authorization service, as the middleware would have resolved it.
    private static PolicyEvaluator Framework(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<IAuthorizationService>());
}
