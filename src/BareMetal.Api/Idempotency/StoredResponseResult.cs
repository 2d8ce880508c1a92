using BareMetal.Contracts.Idempotency;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Idempotency;

/// <summary>Sends a stored answer again, marked with the <c>Idempotent-Replayed</c> header.</summary>
internal sealed class StoredResponseResult(StoredResponse stored) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = stored.StatusCode;
        response.ContentType = stored.ContentType;
        response.Headers[IdempotencyFilter.ReplayedHeaderName] = "true";
        if (stored.Location is { } location)
        {
            response.Headers.Location = location;
        }

        await response.WriteAsync(stored.Body, httpContext.RequestAborted);
    }
}
