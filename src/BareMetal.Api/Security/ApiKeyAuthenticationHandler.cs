using System.Security.Claims;
using System.Text.Encodings.Web;
using BareMetal.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Security;

/// <summary>
/// The API-key scheme as ASP.NET Core sees it: authenticates with <see cref="ApiKeyAuthenticator"/> (when asked
/// explicitly; every request is already authenticated by <see cref="ApiKeyAuthenticationMiddleware"/>) and answers
/// challenges (401) and forbids (403) with problem+json.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(authenticator.Authenticate(Context));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = Context.Items[ApiKeyAuthenticator.FailureItem] as string
            ?? "This endpoint needs an API key: send it as 'Authorization: Bearer <key>', 'X-Api-Key' or 'X-Auth-Token'.";
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "unauthorized", "Not authenticated", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ApiClaims.Role) ?? "none";
        return ApiProblems.Write(
            Context,
            StatusCodes.Status403Forbidden,
            "forbidden",
            "Not allowed",
            $"The API key '{Context.User.Identity?.Name}' has the role '{role}', which may not do this.");
    }
}
