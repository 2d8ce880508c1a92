namespace BareMetal.Api.Ironic;

/// <summary>Node names and identifiers as Ironic reads them; the name rule is the one both APIs share.</summary>
internal static class NodeNames
{
    /// <summary>Whether <paramref name="name"/> may be a node's name (<see cref="NodeNameRule"/>).</summary>
    public static bool IsValid(string name) => NodeNameRule.IsValid(name);

    public static void EnsureValid(string name)
    {
        if (NodeNameRule.Problem(name) is { } problem)
        {
            throw IronicApiException.BadRequest($"Expected a logical name but received {Printable(name)}. {problem}");
        }
    }

    /// <summary>The canonical node id for a UUID ident (lower case, dashed); null when <paramref name="ident"/> is not a UUID.</summary>
    public static string? AsUuid(string ident) => Guid.TryParse(ident, out var uuid) ? uuid.ToString("D") : null;

    // Echoed escaped (control characters) and cut (a name of megabytes), so that the message stays one short line.
    private static string Printable(string name)
    {
        var shown = name.Length > 80 ? name[..80] + "..." : name;
        return shown.Any(char.IsControl) ? System.Text.Json.JsonSerializer.Serialize(shown) : shown;
    }
}
