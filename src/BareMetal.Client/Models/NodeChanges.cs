using System.Text.Json.Nodes;

namespace BareMetal.Client.Models;

/// <summary>
/// Changes to a node's editable fields, sent as a JSON merge patch: null leaves a field as it is; the dictionaries
/// merge key by key, and a key mapped to null is removed.
/// </summary>
public sealed record NodeChanges
{
    /// <summary>A new unique name.</summary>
    public string? Name { get; init; }

    /// <summary>A new driver.</summary>
    public string? Driver { get; init; }

    /// <summary>A new resource class.</summary>
    public string? ResourceClass { get; init; }

    /// <summary>A new owner.</summary>
    public string? Owner { get; init; }

    /// <summary>A new description.</summary>
    public string? Description { get; init; }

    /// <summary>The whole new list of traits.</summary>
    public IReadOnlyList<string>? Traits { get; init; }

    /// <summary>driver_info keys to set (or, mapped to null, remove).</summary>
    public IReadOnlyDictionary<string, string?>? DriverInfo { get; init; }

    /// <summary>Property keys to set (or, mapped to null, remove).</summary>
    public IReadOnlyDictionary<string, string?>? Properties { get; init; }

    /// <summary>Extra keys to set (or, mapped to null, remove).</summary>
    public IReadOnlyDictionary<string, string?>? Extra { get; init; }

    /// <summary>The merge patch document for these changes.</summary>
    public JsonObject ToMergePatch()
    {
        var patch = new JsonObject();
        AddText(patch, "name", Name);
        AddText(patch, "driver", Driver);
        AddText(patch, "resourceClass", ResourceClass);
        AddText(patch, "owner", Owner);
        AddText(patch, "description", Description);
        if (Traits is not null)
        {
            patch["traits"] = new JsonArray(Traits.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        }

        AddMap(patch, "driverInfo", DriverInfo);
        AddMap(patch, "properties", Properties);
        AddMap(patch, "extra", Extra);
        return patch;
    }

    private static void AddText(JsonObject patch, string name, string? value)
    {
        if (value is not null)
        {
            patch[name] = value;
        }
    }

    private static void AddMap(JsonObject patch, string name, IReadOnlyDictionary<string, string?>? values)
    {
        if (values is null)
        {
            return;
        }

        var map = new JsonObject();
        foreach (var (key, value) in values)
        {
            map[key] = value is null ? null : JsonValue.Create(value);
        }

        patch[name] = map;
    }
}
