using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using BareMetal.Api.Errors;
using BareMetal.Api.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Security;

/// <summary>
/// Authenticates API keys sent as <c>Authorization: Bearer</c>, <c>X-Api-Key</c> or <c>X-Auth-Token</c> (what OpenStack
/// clients send). With no keys configured (dev mode) every request is the admin "dev".
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiOptions> apiOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The client name of every request in dev mode.</summary>
    public const string DevClientName = "dev";

    private const string FailureItem = "BareMetal.AuthFailure";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var options = apiOptions.Value;
        if (!options.HasKeys)
        {
            return Task.FromResult(Success(DevClientName, ApiRoles.Admin));
        }

        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        foreach (var key in options.Keys)
        {
            // Constant-time comparison: the time taken must not reveal how much of a key matched.
            if (CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key.Key)))
            {
                return Task.FromResult(Success(key.Name, key.Role));
            }
        }

        Context.Items[FailureItem] = "The API key is not valid.";
        return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = Context.Items[FailureItem] as string
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

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var apiKey = request.Headers["X-Api-Key"].ToString();
        if (apiKey.Length > 0)
        {
            return apiKey;
        }

        var authToken = request.Headers["X-Auth-Token"].ToString();
        return authToken.Length > 0 ? authToken : null;
    }

    private AuthenticateResult Success(string name, string role)
    {
        var normalized = role.ToLowerInvariant();
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ApiClaims.Role, normalized) };
        claims.AddRange(ApiRoles.Implied(normalized).Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
