using System.Text.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Errors;
using BareMetal.Api.Json;
using BareMetal.Api.Models;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Api.Endpoints;

/// <summary>
/// Applies a JSON merge patch (RFC 7386) or a JSON patch (RFC 6902) to a node's editable fields and returns the
/// whole result as a <see cref="NodeEdit"/>. Anything but the editable fields, or a result that is not a valid set
/// of them, is a 400 naming the field.
/// </summary>
internal static class NodePatches
{
    private static readonly string[] s_collections = ["driverInfo", "properties", "traits", "extra"];

    public static NodeEdit Apply(NodeView current, ReadOnlyMemory<byte> patch, bool isJsonPatch)
    {
        var document = JsonSerializer.SerializeToNode(Editable(current), ApiJson.Options)!.AsObject();
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(patch.Span, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException exception)
        {
            throw RequestBodies.Invalid(exception);
        }

        if (isJsonPatch)
        {
            JsonPatch.Apply(document, parsed as JsonArray ?? throw ApiProblemException.BadRequest("A JSON patch must be an array of operations."));
        }
        else
        {
            MergePatch(document, parsed as JsonObject ?? throw ApiProblemException.BadRequest("A merge patch must be a JSON object of the fields to change."));
        }

        foreach (var collection in s_collections)
        {
            // Removing a whole collection means emptying it.
            if (document[collection] is null)
            {
                document[collection] = collection == "traits" ? new JsonArray() : new JsonObject();
            }
        }

        NodeEditBody edited;
        try
        {
            edited = document.Deserialize<NodeEditBody>(ApiJson.Options)
                ?? throw ApiProblemException.BadRequest("The patch removed every field.");
        }
        catch (JsonException exception)
        {
            throw new ApiProblemException(400, "invalid-patch", "Invalid patch", $"The patched node is not valid: {exception.Message}. Editable fields: name, driver, driverInfo, properties, resourceClass, traits, owner, description, extra.");
        }

        if (string.IsNullOrWhiteSpace(edited.Name) || Guid.TryParse(edited.Name, out _))
        {
            throw ApiProblemException.BadRequest("The field 'name' must be a non-empty name that is not a UUID.");
        }

        if (string.IsNullOrWhiteSpace(edited.Driver))
        {
            throw ApiProblemException.BadRequest("The field 'driver' must not be empty.");
        }

        return new NodeEdit(edited.Name, edited.Driver, edited.DriverInfo, edited.Properties, edited.ResourceClass, edited.Traits, edited.Owner, edited.Description, edited.Extra);
    }

    private static NodeEditBody Editable(NodeView view) => new()
    {
        Name = view.Name,
        Driver = view.Driver,
        DriverInfo = NodeSecrets.Masked(view.DriverInfo).ToDictionary(),
        Properties = view.Properties.ToDictionary(),
        ResourceClass = view.ResourceClass,
        Traits = view.Traits.ToList(),
        Owner = view.Owner,
        Description = view.Description,
        Extra = view.Extra.ToDictionary(),
    };

    private static void MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject nested && target[name] is JsonObject existing)
            {
                MergePatch(existing, nested);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
