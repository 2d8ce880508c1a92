using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BareMetal.Provisioning.Webhooks;

/// <summary>
/// The <c>BareMetal-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;lower-hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c>.
/// Signing the timestamp with the body lets receivers refuse replays of old deliveries.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header's name.</summary>
    public const string HeaderName = "BareMetal-Signature";

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Create(string secret, DateTimeOffset timestamp, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        var seconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(seconds + "." + body));
        return $"t={seconds},v1={Convert.ToHexStringLower(mac)}";
    }
}
