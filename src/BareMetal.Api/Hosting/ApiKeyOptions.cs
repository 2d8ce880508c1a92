namespace BareMetal.Api.Hosting;

/// <summary>One API key: who uses it and what it may do.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The client's name: recorded as who asked, and the scope of its idempotency keys and rate limit.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The secret the client sends. Never logged.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>"reader", "operator" or "admin".</summary>
    public string Role { get; set; } = string.Empty;
}
