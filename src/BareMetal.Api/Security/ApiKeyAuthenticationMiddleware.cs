using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace BareMetal.Api.Security;

/// <summary>
/// Authenticates every request with <see cref="ApiKeyAuthenticator"/>, in place of ASP.NET Core's authentication
/// middleware: the API key is the only scheme and it handles no request itself, so the general middleware's
/// per-request work (a request scope's handler provider and authentication service, a handler instance, claims
/// transformation bookkeeping) bought nothing. What it leaves behind is the same: the user, and the result that the
/// authorization middleware reads. Challenges (401) and forbids (403) still go through
/// <see cref="ApiKeyAuthenticationHandler"/>.
/// </summary>
internal sealed class ApiKeyAuthenticationMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator)
{
    public Task InvokeAsync(HttpContext context)
    {
        var result = authenticator.Authenticate(context);
        if (result.Succeeded)
        {
            var authenticated = new Authenticated(result);
            context.Features.Set<IHttpAuthenticationFeature>(authenticated);
            context.Features.Set<IAuthenticateResultFeature>(authenticated);
        }

        return next(context);
    }

    // The request's user and its authentication result; setting the user afterwards forgets the result, which no
    // longer describes it.
    private sealed class Authenticated(AuthenticateResult result) : IHttpAuthenticationFeature, IAuthenticateResultFeature
    {
        private ClaimsPrincipal? _user = result.Principal;
        private AuthenticateResult? _result = result;

        public ClaimsPrincipal? User
        {
            get => _user;
            set
            {
                _user = value;
                _result = null;
            }
        }

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set
            {
                _result = value;
                _user = value?.Principal;
            }
        }
    }
}
