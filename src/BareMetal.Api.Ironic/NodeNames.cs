using System.Buffers;

namespace BareMetal.Api.Ironic;

/// <summary>Ironic's rules for node names and identifiers.</summary>
internal static class NodeNames
{
    private static readonly SearchValues<char> s_unreserved =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~");

    /// <summary>RFC 3986 unreserved characters only, 1..255 of them, and not shaped like a UUID (a UUID ident means the node id).</summary>
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 255 && !name.AsSpan().ContainsAnyExcept(s_unreserved) && !Guid.TryParse(name, out _);

    public static void EnsureValid(string name)
    {
        if (!IsValid(name))
        {
            throw IronicApiException.BadRequest(
                $"Expected a logical name but received {name}. A name may contain only letters, digits, '-', '.', '_' and '~', at most 255 of them, and must not look like a UUID.");
        }
    }

    /// <summary>The canonical node id for a UUID ident (lower case, dashed); null when <paramref name="ident"/> is not a UUID.</summary>
    public static string? AsUuid(string ident) => Guid.TryParse(ident, out var uuid) ? uuid.ToString("D") : null;
}
