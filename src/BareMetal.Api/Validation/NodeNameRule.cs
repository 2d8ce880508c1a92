using System.Buffers;
using System.Globalization;

namespace BareMetal.Api.Validation;

/// <summary>
/// What a node name may be, on the native and the Ironic API alike (Ironic's rule): 1 to 255 of the URI "unreserved"
/// characters of RFC 3986 (letters, digits, '-', '.', '_', '~'), and not shaped like a UUID (a UUID names the node
/// id). A name is used as a path segment (/api/nodes/{name}, /v1/nodes/{name}), so "." and "..", which clients and
/// proxies resolve away as dot segments, are refused too.
/// </summary>
public static class NodeNameRule
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 255;

    /// <summary>The rule in a sentence, for error messages and documents.</summary>
    public const string Description =
        "A name is 1 to 255 characters, each a letter (A-Z, a-z), a digit, '-', '.', '_' or '~'; it must not be '.' or '..' and must not look like a UUID.";

    private static readonly SearchValues<char> s_unreserved =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~");

    /// <summary>Whether <paramref name="name"/> is a valid node name.</summary>
    public static bool IsValid(string name) => Problem(name) is null;

    /// <summary>What is wrong with <paramref name="name"/> (a sentence naming it); null when it is a valid name.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "The name must not be empty. " + Description;
        }

        if (name.Length > MaxLength)
        {
            return $"The name is {name.Length} characters long; at most {MaxLength} are allowed. " + Description;
        }

        var bad = name.AsSpan().IndexOfAnyExcept(s_unreserved);
        if (bad >= 0)
        {
            return $"The name contains {Show(name, bad)} at position {bad + 1}, which is not allowed. " + Description;
        }

        if (name is "." or "..")
        {
            return $"The name '{name}' is a relative path segment and could not be addressed in a URL. " + Description;
        }

        if (Guid.TryParse(name, out _))
        {
            return $"The name '{name}' looks like a UUID, which would be read as a node id. " + Description;
        }

        return null;
    }

    // Control characters, spaces and the like are shown by code point, so that the message itself stays printable.
    private static string Show(string name, int index)
    {
        var character = name[index];
        var codePoint = char.IsSurrogatePair(name, index) ? char.ConvertToUtf32(name, index) : character;
        var code = "U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture);
        return char.IsControl(character) || char.IsWhiteSpace(character) || char.IsSurrogate(character) ? code : $"'{character}' ({code})";
    }
}
