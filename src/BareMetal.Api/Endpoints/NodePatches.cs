using System.Text.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Errors;
using BareMetal.Api.Json;
using BareMetal.Api.Models;
using BareMetal.Api.Validation;
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
        var parsed = RequestBodies.ParseNode(patch);

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
            throw new ApiProblemException(400, "invalid-patch", "Invalid patch", $"The patched node is not valid: {JsonErrors.Describe(exception)}. Editable fields: name, driver, driverInfo, properties, resourceClass, traits, owner, description, extra.");
        }

        // A name kept as it was is not judged again: nodes named under an older, looser rule stay editable.
        if (edited.Name != current.Name && NodeNameRule.Problem(edited.Name) is { } problem)
        {
            throw ApiProblemException.BadRequest($"The field 'name' is not a valid node name: {problem}");
        }

        if (string.IsNullOrWhiteSpace(edited.Driver))
        {
            throw ApiProblemException.BadRequest("The field 'driver' must not be empty.");
        }

        InputLimits.CheckNodeFields(edited.DriverInfo, edited.Properties, edited.Extra, edited.Traits, edited.ResourceClass, edited.Owner, edited.Description, field => field);
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
