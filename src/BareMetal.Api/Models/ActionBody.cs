using System.Text.Json;

namespace BareMetal.Api.Models;

/// <summary>The optional body of POST /api/nodes/{id}/actions/{verb}.</summary>
public sealed record ActionBody
{
    /// <summary>The action's arguments (image_source, clean_steps, rescue_password, reason, ...); non-string values are passed as JSON text.</summary>
    public Dictionary<string, JsonElement>? Parameters { get; init; }

    /// <summary>A webhook told when the operation ends.</summary>
    public CallbackBody? Callback { get; init; }
}

/// <summary>Where to post an operation's completion.</summary>
public sealed record CallbackBody
{
    /// <summary>An absolute http or https URL.</summary>
    public required string Url { get; init; }

    /// <summary>The HMAC-SHA256 key of the signature; the gateway's default when omitted.</summary>
    public string? Secret { get; init; }
}
