using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BareMetal.Provisioning.Tests.Webhooks;

/// <summary>Verifies a BareMetal-Signature header as a receiver would, from the documented recipe (not with the server's signer).</summary>
public static class WebhookSignatureCheck
{
    public static bool IsValid(string header, string secret, string body, out DateTimeOffset timestamp)
    {
        timestamp = default;
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{t}.{body}"))).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(v1));
    }
}
