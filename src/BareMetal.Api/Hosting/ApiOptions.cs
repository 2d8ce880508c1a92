namespace BareMetal.Api.Hosting;

/// <summary>Settings of the HTTP gateway (section <see cref="SectionName"/>).</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Api";

    /// <summary>
    /// The API keys and the role each one grants. None configured means dev mode: every request is admin and the
    /// host must listen on loopback only.
    /// </summary>
    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Per-client rate limit.</summary>
    public ApiRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The longest wait a long-poll may ask for. Default 60 s.</summary>
    public TimeSpan MaxLongPollTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an idempotency key is held by the request that reserved it before another may take over. Default 15 s:
    /// the bound on how long a retry with the key is answered 409. A request that runs longer (stuck behind a failover)
    /// is safe to run again, because the node answers an action it accepted under the same key with that operation.
    /// </summary>
    public TimeSpan IdempotencyLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether any key is configured (false means dev mode).</summary>
    public bool HasKeys => Keys.Count > 0;
}
