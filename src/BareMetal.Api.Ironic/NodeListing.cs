using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Ironic;

/// <summary>Ironic's node list filters and sorting over the fleet index.</summary>
internal static class NodeListing
{
    private static readonly Dictionary<string, Func<NodeView, IComparable?>> s_sortKeys = new(StringComparer.Ordinal)
    {
        // Ironic's default "id" is its database row id, i.e. creation order.
        ["id"] = n => n.CreatedAt,
        ["created_at"] = n => n.CreatedAt,
        ["uuid"] = n => n.Id,
        ["name"] = n => NodeDocument.IronicName(n),
        ["updated_at"] = n => n.UpdatedAt,
        ["provision_updated_at"] = n => n.ProvisionUpdatedAt,
        ["provision_state"] = n => n.ProvisionState.ToIronicName(),
        ["power_state"] = n => n.PowerState.ToIronicName(),
        ["driver"] = n => n.Driver,
        ["resource_class"] = n => n.ResourceClass,
        ["owner"] = n => n.Owner,
        ["maintenance"] = n => n.Maintenance,
    };

    /// <summary>The index query for the filters the index understands; 400 for a provision state that does not exist.</summary>
    public static NodeQuery IndexQuery(HttpContext http, IronicRequest request)
    {
        ProvisionState? state = null;
        if (IronicQuery.Text(http, "provision_state") is { } stateName)
        {
            request.EnsureVersion(9, "The provision_state filter");
            state = ProvisionStateNames.TryParse(stateName, out var parsed)
                ? parsed
                : throw IronicApiException.BadRequest($"Invalid value for provision_state: '{stateName}' is not a provision state.");
        }

        return new NodeQuery(
            ProvisionState: state,
            Maintenance: IronicQuery.Bool(http, "maintenance"),
            ResourceClass: IronicQuery.Text(http, "resource_class"),
            Owner: IronicQuery.Text(http, "owner"),
            Driver: IronicQuery.Text(http, "driver"),
            Limit: 1000);
    }

    /// <summary>The filters on fields the index does not hold; nodes here never have an instance, chassis, lessee, shard.</summary>
    public static IEnumerable<NodeView> Filter(IEnumerable<NodeView> nodes, HttpContext http, string conductor)
    {
        if (IronicQuery.Bool(http, "associated") == true || IronicQuery.Text(http, "instance_uuid") is not null
            || IronicQuery.Text(http, "chassis_uuid") is not null || IronicQuery.Text(http, "lessee") is not null
            || IronicQuery.Bool(http, "retired") == true || IronicQuery.Text(http, "shard") is not null
            || IronicQuery.Bool(http, "sharded") == true
            || IronicQuery.Text(http, "conductor_group") is { Length: > 0 })
        {
            return [];
        }

        if (IronicQuery.Text(http, "conductor") is { } host && !string.Equals(host, conductor, StringComparison.Ordinal))
        {
            return [];
        }

        if (IronicQuery.Text(http, "fault") is { } fault)
        {
            nodes = nodes.Where(n => n.Maintenance && n.MaintenanceReason?.StartsWith(fault, StringComparison.OrdinalIgnoreCase) == true);
        }

        if (IronicQuery.Text(http, "description_contains") is { } text)
        {
            nodes = nodes.Where(n => n.Description?.Contains(text, StringComparison.OrdinalIgnoreCase) == true);
        }

        return nodes;
    }

    public static List<NodeView> Sort(IEnumerable<NodeView> nodes, HttpContext http)
    {
        var key = IronicQuery.Text(http, "sort_key") ?? "id";
        if (!s_sortKeys.TryGetValue(key, out var selector))
        {
            throw IronicApiException.BadRequest($"The sort_key value \"{key}\" is an invalid field for sorting. Valid keys: {string.Join(", ", s_sortKeys.Keys)}.");
        }

        var descending = IronicQuery.Descending(http);
        // Ties (and nulls) are broken by uuid so that marker paging is stable.
        var ordered = descending
            ? nodes.OrderByDescending(selector, Comparer<IComparable?>.Default).ThenByDescending(n => n.Id, StringComparer.Ordinal)
            : nodes.OrderBy(selector, Comparer<IComparable?>.Default).ThenBy(n => n.Id, StringComparer.Ordinal);
        return ordered.ToList();
    }

    /// <summary>The items after <paramref name="marker"/> (a uuid of the list); 400 when the marker is not in it.</summary>
    public static IEnumerable<T> After<T>(IReadOnlyList<T> items, string? marker, Func<T, string> id)
    {
        if (marker is null)
        {
            return items;
        }

        var canonical = NodeNames.AsUuid(marker) ?? marker;
        for (var i = 0; i < items.Count; i++)
        {
            if (id(items[i]) == canonical)
            {
                return items.Skip(i + 1);
            }
        }

        throw IronicApiException.BadRequest($"Marker {marker} could not be found.");
    }
}
