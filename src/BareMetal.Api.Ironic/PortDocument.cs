using System.Text.Json.Nodes;
using BareMetal.Contracts.Ports;

namespace BareMetal.Api.Ironic;

/// <summary>Ironic's port document, fields gated by the request's version like the node's.</summary>
internal static class PortDocument
{
    public static readonly IReadOnlyList<NodeField> Fields =
    [
        new("uuid", 1), new("address", 1), new("node_uuid", 1), new("extra", 1), new("local_link_connection", 19),
        new("pxe_enabled", 19), new("physical_network", 34), new("internal_info", 18), new("portgroup_uuid", 24),
        new("is_smartnic", 53), new("created_at", 1), new("updated_at", 1), new("links", 1),
    ];

    public static readonly IReadOnlyList<string> ListDefault = ["uuid", "address", "links"];

    public static IReadOnlyList<string>? ParseSelection(string? fields, IronicRequest request)
    {
        if (fields is null)
        {
            return null;
        }

        request.EnsureVersion(8, "The fields parameter");
        var names = fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            var field = Fields.FirstOrDefault(f => f.Name == name) ?? throw IronicApiException.BadRequest($"Field(s) \"{name}\" are not valid.");
            request.EnsureVersion(field.Since, $"The field {name}");
        }

        return names;
    }

    public static JsonObject Build(PortRecord port, IronicRequest request, IReadOnlyList<string>? selection)
    {
        var full = new JsonObject
        {
            ["uuid"] = port.Id,
            ["address"] = port.Address,
            ["node_uuid"] = port.NodeId,
            ["extra"] = IronicJson.Map(port.Extra),
            ["local_link_connection"] = IronicJson.Map(port.LocalLinkConnection),
            ["pxe_enabled"] = port.PxeEnabled,
            ["physical_network"] = port.PhysicalNetwork,
            ["internal_info"] = new JsonObject(),
            ["portgroup_uuid"] = null,
            ["is_smartnic"] = port.IsSmartNic,
            ["created_at"] = IronicJson.Timestamp(port.CreatedAt),
            ["updated_at"] = IronicJson.Timestamp(port.UpdatedAt),
            ["links"] = IronicJson.Links(request.BaseUrl, "ports", port.Id),
        };
        var names = selection is null
            ? Fields.Where(f => request.Version.IsAtLeast(f.Since)).Select(f => f.Name)
            : selection.Contains("links") ? selection : [.. selection, "links"];
        var document = new JsonObject();
        foreach (var name in names)
        {
            if (full.Remove(name, out var value))
            {
                document[name] = value;
            }
        }

        return document;
    }
}
