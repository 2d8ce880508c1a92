namespace BareMetal.Client;

/// <summary>How a <see cref="BareMetalClient"/> reaches the API and how hard it tries (section <see cref="SectionName"/>).</summary>
public sealed class BareMetalClientOptions
{
    /// <summary>The configuration section these options usually bind to.</summary>
    public const string SectionName = "BareMetal:ApiClient";

    /// <summary>The API's base address, such as http://127.0.0.1:5080 (the path /api is added by the client).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The API key, sent as <c>Authorization: Bearer</c>; none in dev mode.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one HTTP attempt may take, not counting the server-side wait of a long-poll. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a retryable call is tried again after the first attempt. Default 4; 0 disables retries.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first back-off delay when the server gives no Retry-After; doubled on every retry. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest the client waits before a retry, even if Retry-After asks for more (then it gives up). Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long each long-poll of an operation asks the server to wait for a change. Default 20 s.</summary>
    public TimeSpan LongPollTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
