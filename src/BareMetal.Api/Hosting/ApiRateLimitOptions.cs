namespace BareMetal.Api.Hosting;

/// <summary>A token bucket per client: <see cref="PermitsPerSecond"/> refill, up to <see cref="Burst"/> at once.</summary>
public sealed class ApiRateLimitOptions
{
    /// <summary>Whether requests are limited at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tokens added per second. Default 200.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>The bucket size: how many requests a client may send at once after being idle. Default 400.</summary>
    public int Burst { get; set; } = 400;
}
