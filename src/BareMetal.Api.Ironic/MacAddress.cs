using System.Globalization;

namespace BareMetal.Api.Ironic;

/// <summary>MAC addresses as Ironic stores them: six hex pairs, lower case, separated by colons.</summary>
internal static class MacAddress
{
    /// <summary>The canonical form; 400 naming the value when it is not a MAC address.</summary>
    public static string Normalize(string? address)
    {
        var parts = address?.Split(address.Contains('-', StringComparison.Ordinal) ? '-' : ':');
        if (parts is not { Length: 6 } || parts.Any(p => p.Length != 2 || !byte.TryParse(p, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _)))
        {
            throw IronicApiException.BadRequest($"Expected a MAC address but received {address}.");
        }

        return string.Join(':', parts).ToLowerInvariant();
    }
}
