using System.Text;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Diagnostics;

/// <summary>
/// A query string as logs may show it: the values of parameters that carry secrets (?api_key=, ?token=, ?password=...)
/// replaced by "***". Keys are refused in the query string, but a client may still send one there, and a log is read
/// by more people than the API's admins.
/// </summary>
public static class RedactedQuery
{
    /// <summary>What replaces a secret value.</summary>
    public const string Mask = "***";

    private static readonly string[] s_secretWords = ["key", "token", "secret", "password", "passwd", "signature", "sig", "auth", "credential"];

    /// <summary><paramref name="query"/> ("?a=1&amp;api_key=abc") with secret values masked ("?a=1&amp;api_key=***"); empty stays empty.</summary>
    public static string Of(QueryString query)
    {
        if (!query.HasValue || query.Value!.Length <= 1)
        {
            return string.Empty;
        }

        var text = new StringBuilder(query.Value.Length);
        foreach (var pair in query.Value[1..].Split('&'))
        {
            text.Append(text.Length == 0 ? '?' : '&');
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            text.Append(name);
            if (equals >= 0)
            {
                text.Append('=').Append(IsSecret(name) ? Mask : pair[(equals + 1)..]);
            }
        }

        return text.ToString();
    }

    /// <summary>Whether a parameter named <paramref name="name"/> (as sent, perhaps percent-encoded) may carry a secret.</summary>
    public static bool IsSecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var decoded = Uri.UnescapeDataString(name.Replace('+', ' '));
        return s_secretWords.Any(word => decoded.Contains(word, StringComparison.OrdinalIgnoreCase));
    }
}
