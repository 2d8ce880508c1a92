using System.Globalization;
using System.Text.Json.Nodes;
using BareMetal.Api.Errors;

namespace BareMetal.Api.Endpoints;

/// <summary>RFC 6902 JSON patch over a <see cref="JsonNode"/> document: add, remove, replace, move, copy, test.</summary>
internal static class JsonPatch
{
    public static void Apply(JsonObject document, JsonArray operations)
    {
        for (var index = 0; index < operations.Count; index++)
        {
            var operation = operations[index] as JsonObject ?? throw Invalid(index, "each operation must be an object");
            var op = Member(operation, index, "op");
            var path = Member(operation, index, "path");
            foreach (var (name, _) in operation)
            {
                if (name is not ("op" or "path" or "value" or "from"))
                {
                    throw Invalid(index, $"unknown member '{name}'");
                }
            }

            switch (op)
            {
                case "add":
                    Add(document, path, Value(operation, index), index);
                    break;
                case "remove":
                    Remove(document, path, index);
                    break;
                case "replace":
                    Remove(document, path, index);
                    Add(document, path, Value(operation, index), index);
                    break;
                case "move":
                    var moved = Get(document, Member(operation, index, "from"), index);
                    Remove(document, Member(operation, index, "from"), index);
                    Add(document, path, moved, index);
                    break;
                case "copy":
                    Add(document, path, Get(document, Member(operation, index, "from"), index)?.DeepClone(), index);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path, index), Value(operation, index)))
                    {
                        throw new ApiProblemException(409, "patch-test-failed", "Patch test failed", $"Patch operation {index} (test of '{path}') failed: the value differs.");
                    }

                    break;
                default:
                    throw Invalid(index, $"'op' must be add, remove, replace, move, copy or test (was '{op}')");
            }
        }
    }

    private static string Member(JsonObject operation, int index, string name) =>
        operation[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw Invalid(index, $"'{name}' must be a string");

    private static JsonNode? Value(JsonObject operation, int index) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw Invalid(index, "'value' is missing");

    private static (JsonNode Parent, string Last) Parent(JsonObject document, string path, int index)
    {
        if (!path.StartsWith('/'))
        {
            throw Invalid(index, $"path '{path}' must start with '/'");
        }

        var segments = path[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        JsonNode node = document;
        foreach (var segment in segments[..^1])
        {
            node = Child(node, segment) ?? throw Invalid(index, $"path '{path}' does not exist");
        }

        return (node, segments[^1]);
    }

    private static JsonNode? Child(JsonNode node, string segment) => node switch
    {
        JsonObject obj => obj[segment],
        JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
        _ => null,
    };

    private static JsonNode? Get(JsonObject document, string path, int index)
    {
        var (parent, last) = Parent(document, path, index);
        return parent switch
        {
            JsonObject obj when obj.TryGetPropertyValue(last, out var value) => value,
            JsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
            _ => throw Invalid(index, $"path '{path}' does not exist"),
        };
    }

    private static void Add(JsonObject document, string path, JsonNode? value, int index)
    {
        var (parent, last) = Parent(document, path, index);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw Invalid(index, $"path '{path}' cannot be added to");
        }
    }

    private static void Remove(JsonObject document, string path, int index)
    {
        var (parent, last) = Parent(document, path, index);
        var removed = parent switch
        {
            JsonObject obj => obj.Remove(last),
            JsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => RemoveAt(array, i),
            _ => false,
        };
        if (!removed)
        {
            throw Invalid(index, $"path '{path}' does not exist");
        }
    }

    private static bool RemoveAt(JsonArray array, int i)
    {
        array.RemoveAt(i);
        return true;
    }

    private static ApiProblemException Invalid(int index, string what) =>
        new(400, "invalid-patch", "Invalid patch", $"JSON patch operation {index}: {what}.");
}
