using System.Security.Claims;

namespace BareMetal.Api.Security;

/// <summary>Claims the gateway puts on an authenticated request.</summary>
public static class ApiClaims
{
    /// <summary>The role the key was configured with (reader, operator, admin).</summary>
    public const string Role = "baremetal:role";

    /// <summary>The client's name (the key's name, or "dev" in dev mode); "anonymous" when unauthenticated.</summary>
    public static string ClientName(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";
    }
}
