using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Ironic;

/// <summary>What every /v1 handler needs to know about its request: the negotiated version and the base of links.</summary>
internal sealed class IronicRequest
{
    private static readonly object s_key = new();

    private IronicRequest(ApiVersion version, string baseUrl)
    {
        Version = version;
        BaseUrl = baseUrl;
    }

    public ApiVersion Version { get; }

    /// <summary>The scheme, host and path base, without a trailing slash ("http://127.0.0.1:6385").</summary>
    public string BaseUrl { get; }

    public static IronicRequest Of(HttpContext context) =>
        context.Items.TryGetValue(s_key, out var value) && value is IronicRequest request
            ? request
            : throw new InvalidOperationException("The request did not pass the Ironic version filter.");

    public static void Attach(HttpContext context, ApiVersion version) =>
        context.Items[s_key] = new IronicRequest(version, BaseUrlOf(context));

    public static string BaseUrlOf(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IOptions<IronicApiOptions>>().Value.PublicEndpoint;
        return configured is not null
            ? configured.ToString().TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
    }

    public void EnsureVersion(int minor, string what)
    {
        if (!Version.IsAtLeast(minor))
        {
            throw IronicApiException.NotAcceptable($"{what} needs API version 1.{minor} or newer (requested {Version}).");
        }
    }
}
