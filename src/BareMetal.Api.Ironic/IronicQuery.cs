using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Ironic;

/// <summary>Query-string parameters as Ironic reads them (bad values are 400s naming the parameter).</summary>
internal static class IronicQuery
{
    public static string? Text(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var values) && !string.IsNullOrEmpty(values.ToString()) ? values.ToString() : null;

    public static bool? Bool(HttpContext http, string name)
    {
        var text = Text(http, name);
        if (text is null)
        {
            return null;
        }

        return text.ToUpperInvariant() switch
        {
            "TRUE" or "1" or "YES" or "ON" => true,
            "FALSE" or "0" or "NO" or "OFF" => false,
            _ => throw IronicApiException.BadRequest($"Invalid value for {name}: '{text}'. It must be a boolean."),
        };
    }

    /// <summary>The page size: the configured maximum when absent or larger; 400 when not a positive integer.</summary>
    public static int Limit(HttpContext http, int maxLimit)
    {
        var text = Text(http, "limit");
        if (text is null)
        {
            return maxLimit;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) || limit <= 0)
        {
            throw IronicApiException.BadRequest($"Limit must be positive (was '{text}').");
        }

        return Math.Min(limit, maxLimit);
    }

    /// <summary>"asc" (default) or "desc"; 400 otherwise.</summary>
    public static bool Descending(HttpContext http)
    {
        var text = Text(http, "sort_dir") ?? "asc";
        return text switch
        {
            "asc" => false,
            "desc" => true,
            _ => throw IronicApiException.BadRequest($"Invalid sort direction: {text}. Acceptable values are 'asc' or 'desc'"),
        };
    }

    /// <summary>The link to the next page: the same query with the new marker.</summary>
    public static string NextLink(HttpContext http, string baseUrl, string path, int limit, string marker)
    {
        var parts = http.Request.Query
            .Where(p => p.Key is not ("limit" or "marker"))
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}")
            .Append($"limit={limit.ToString(CultureInfo.InvariantCulture)}")
            .Append($"marker={Uri.EscapeDataString(marker)}");
        return $"{baseUrl}/v1/{path}?{string.Join('&', parts)}";
    }
}
