using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BareMetal.Samples.WebhookReceiver;

/// <summary>
/// Checks the BareMetal-Signature header of a delivery: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.body")&gt;</c>.
/// The timestamp is signed with the body, so a captured delivery replayed later than <see cref="Tolerance"/> is refused.
/// </summary>
public sealed class WebhookSignatureVerifier(string secret, TimeProvider time)
{
    /// <summary>The header carrying the signature.</summary>
    public const string HeaderName = "BareMetal-Signature";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    /// <summary>How far the signed time may be from now. Default 5 minutes.</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether <paramref name="header"/> is a valid signature of <paramref name="body"/> made recently with the secret.</summary>
    /// <param name="header">The BareMetal-Signature header value.</param>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="problem">Why it is not valid.</param>
    public bool Verify(string? header, ReadOnlySpan<byte> body, out string? problem)
    {
        if (!TryParse(header, out var seconds, out var signatures))
        {
            problem = $"the {HeaderName} header is missing or not 't=<seconds>,v1=<hex>'";
            return false;
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((time.GetUtcNow() - signedAt).Duration() > Tolerance)
        {
            problem = $"the signature was made at {signedAt:O}, outside the tolerance of {Tolerance.TotalMinutes} minutes";
            return false;
        }

        var prefix = Encoding.UTF8.GetBytes(seconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var expected = HMACSHA256.HashData(_key, signed);

        // Several v1 values may be present while the sender rotates secrets; one match is enough.
        foreach (var signature in signatures)
        {
            if (CryptographicOperations.FixedTimeEquals(expected, signature))
            {
                problem = null;
                return true;
            }
        }

        problem = "no v1 signature matches the body and the secret";
        return false;
    }

    private static bool TryParse(string? header, out long seconds, out List<byte[]> signatures)
    {
        seconds = 0;
        signatures = [];
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        var haveTime = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var cut = part.IndexOf('=', StringComparison.Ordinal);
            if (cut <= 0)
            {
                return false;
            }

            var (name, value) = (part[..cut], part[(cut + 1)..]);
            if (name == "t")
            {
                haveTime = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
            }
            else if (name == "v1")
            {
                try
                {
                    signatures.Add(Convert.FromHexString(value));
                }
                catch (FormatException)
                {
                    return false;
                }
            }
        }

        return haveTime && signatures.Count > 0;
    }
}
