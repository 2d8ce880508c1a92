using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using BareMetal.Api.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Security;

/// <summary>
/// Decides who a request is, from the API key it presents (<c>Authorization: Bearer</c>, <c>X-Api-Key</c> or
/// <c>X-Auth-Token</c>, what OpenStack clients send); with no keys configured (dev mode) every request is the admin
/// "dev". One instance per application: the keys are fixed at start, so each key's principal and result are built
/// once and shared by all its requests (nobody changes a principal after authentication).
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    /// <summary>The client name of every request in dev mode.</summary>
    public const string DevClientName = "dev";

    /// <summary>Where a failed authentication leaves its reason for the challenge (401) to tell.</summary>
    public const string FailureItem = "BareMetal.AuthFailure";

    private const string InvalidKey = "The API key is not valid.";

    private readonly AuthenticateResult? _devMode;
    private readonly (byte[] Key, AuthenticateResult Result)[] _keys;
    private readonly Dictionary<AuthenticateResult, Task<AuthenticateResult>> _tasks = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ClaimsPrincipal, string[]> _roles = new(ReferenceEqualityComparer.Instance);

    public ApiKeyAuthenticator(IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var api = options.Value;
        _devMode = api.HasKeys ? null : Success(DevClientName, ApiRoles.Admin);
        _keys = api.Keys.Select(k => (Encoding.UTF8.GetBytes(k.Key), Success(k.Name, k.Role))).ToArray();
        foreach (var result in _keys.Select(k => k.Result).Append(_devMode).OfType<AuthenticateResult>())
        {
            _tasks[result] = Task.FromResult(result);
            _roles[result.Principal!] = result.Principal!.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray();
        }
    }

    /// <summary>The roles of <paramref name="user"/> when it is one of the principals built here (an authenticated key).</summary>
    public bool TryGetRoles(ClaimsPrincipal user, [NotNullWhen(true)] out string[]? roles) => _roles.TryGetValue(user, out roles);

    /// <summary><paramref name="result"/> as a completed task: the same task every time for the prebuilt results.</summary>
    public Task<AuthenticateResult> TaskOf(AuthenticateResult result) =>
        _tasks.TryGetValue(result, out var task) ? task : Task.FromResult(result);

    /// <summary>
    /// The request's authentication: success with the key's principal, no result when no key was presented (the
    /// endpoint's policy then challenges), failure for a wrong key (its reason kept in <see cref="FailureItem"/>).
    /// </summary>
    public AuthenticateResult Authenticate(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_devMode is not null)
        {
            return _devMode;
        }

        var presented = PresentedKey(context.Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        foreach (var (key, result) in _keys)
        {
            // Constant-time comparison: the time taken must not reveal how much of a key matched.
            if (CryptographicOperations.FixedTimeEquals(presentedBytes, key))
            {
                return result;
            }
        }

        context.Items[FailureItem] = InvalidKey;
        return AuthenticateResult.Fail(InvalidKey);
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

    private static AuthenticateResult Success(string name, string role)
    {
        var normalized = role.ToLowerInvariant();
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ApiClaims.Role, normalized) };
        claims.AddRange(ApiRoles.Implied(normalized).Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyAuthenticationHandler.SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyAuthenticationHandler.SchemeName));
    }
}
