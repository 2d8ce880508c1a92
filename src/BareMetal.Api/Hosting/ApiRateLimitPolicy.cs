using System.Threading.RateLimiting;
using BareMetal.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Hosting;

/// <summary>
/// A token bucket per client (by API key name; by address for unauthenticated requests), or no limit when
/// <see cref="ApiRateLimitOptions.Enabled"/> is false. Built once per application: the settings are read at start.
/// </summary>
internal sealed class ApiRateLimitPolicy : IRateLimiterPolicy<string>
{
    private const string Unlimited = "unlimited";
    private readonly bool _enabled;
    private readonly Func<string, TokenBucketRateLimiterOptions> _bucket;

    public ApiRateLimitPolicy(IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value.RateLimit;
        _enabled = limits.Enabled;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Burst,
            TokensPerPeriod = limits.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _bucket = _ => bucket;
    }

    /// <summary>None: the limiter's own rejection handler writes the 429.</summary>
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!_enabled)
        {
            return RateLimitPartition.GetNoLimiter(Unlimited);
        }

        var client = httpContext.User.ClientName();
        var partition = client == "anonymous" ? "anonymous:" + httpContext.Connection.RemoteIpAddress : client;
        return RateLimitPartition.GetTokenBucketLimiter(partition, _bucket);
    }
}
