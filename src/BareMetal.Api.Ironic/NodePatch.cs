using System.Text.Json.Nodes;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Api.Ironic;

/// <summary>
/// Applies an RFC 6902 patch (add, replace, remove) to a node's editable fields, as Ironic's PATCH /v1/nodes does;
/// the result is the whole <see cref="NodeEdit"/> sent to the node grain.
/// </summary>
internal static class NodePatch
{
    private static readonly HashSet<string> s_maps = ["driver_info", "properties", "extra", "instance_info"];

    private static readonly HashSet<string> s_internal =
    [
        "uuid", "id", "created_at", "updated_at", "provision_state", "target_provision_state", "power_state",
        "target_power_state", "provision_updated_at", "reservation", "last_error", "console_enabled", "maintenance",
        "maintenance_reason", "fault", "driver_internal_info", "inspection_started_at", "inspection_finished_at",
        "clean_step", "deploy_step", "raid_config", "target_raid_config", "conductor", "allocation_uuid", "links",
        "ports", "states", "portgroups", "volume",
    ];

    public static NodeEdit Apply(NodeView node, JsonArray operations, IronicRequest request, IronicApiOptions settings)
    {
        var name = NodeDocument.IronicName(node);
        var driver = node.Driver;
        var maps = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            ["driver_info"] = new(node.DriverInfo, StringComparer.Ordinal),
            ["properties"] = new(node.Properties, StringComparer.Ordinal),
            ["extra"] = new(node.Extra, StringComparer.Ordinal),
            ["instance_info"] = new(node.InstanceInfo, StringComparer.Ordinal),
        };
        var resourceClass = node.ResourceClass;
        var owner = node.Owner;
        var description = node.Description;
        if (operations.Count == 0)
        {
            throw IronicApiException.BadRequest("The patch is empty.");
        }

        foreach (var entry in operations)
        {
            if (entry is not JsonObject operation)
            {
                throw IronicApiException.BadRequest("Each patch operation must be an object with op and path.");
            }

            var op = IronicJson.ToOptionalString(operation["op"], "op");
            var path = IronicJson.ToOptionalString(operation["path"], "path");
            if (op is not ("add" or "replace" or "remove"))
            {
                throw IronicApiException.BadRequest($"Invalid patch operation '{op}'; allowed: add, replace, remove.");
            }

            if (path is null || !path.StartsWith('/') || path.Length < 2)
            {
                throw IronicApiException.BadRequest($"Invalid patch path '{path}'; it must start with '/' and name a field.");
            }

            var removing = op == "remove";
            if (!removing && !operation.ContainsKey("value"))
            {
                throw IronicApiException.BadRequest($"Patch operation '{op}' on {path} needs a value.");
            }

            var value = operation["value"];
            var segments = path[1..].Split('/', 2);
            var field = Unescape(segments[0]);
            var key = segments.Length > 1 ? Unescape(segments[1]) : null;
            if (s_maps.Contains(field))
            {
                var map = maps[field];
                if (key is null)
                {
                    maps[field] = removing ? new(StringComparer.Ordinal) : IronicJson.ToMap(value, field);
                }
                else if (removing)
                {
                    if (!map.Remove(key))
                    {
                        throw IronicApiException.BadRequest($"can't remove non-existent object '{key}' from {field}");
                    }
                }
                else
                {
                    if (op == "replace" && !map.ContainsKey(key))
                    {
                        throw IronicApiException.BadRequest($"can't replace non-existent object '{key}' in {field}");
                    }

                    map[key] = IronicJson.ToText(value);
                }

                continue;
            }

            if (key is not null)
            {
                throw IronicApiException.BadRequest($"Field {field} has no member {key}; only driver_info, properties, extra and instance_info take sub-paths.");
            }

            switch (field)
            {
                case "name":
                    request.EnsureVersion(5, "The name field");
                    name = removing ? null : IronicJson.ToOptionalString(value, "name");
                    if (name is not null)
                    {
                        NodeNames.EnsureValid(name);
                    }

                    break;
                case "driver":
                    driver = removing ? throw IronicApiException.BadRequest("'driver' is a mandatory attribute and can not be removed")
                        : IronicJson.ToOptionalString(value, "driver") ?? throw IronicApiException.BadRequest("'driver' can not be null.");
                    NodeEndpoints.EnsureDriver(driver, settings);
                    break;
                case "resource_class":
                    request.EnsureVersion(21, "The resource_class field");
                    resourceClass = removing ? null : IronicJson.ToOptionalString(value, field);
                    break;
                case "owner":
                    request.EnsureVersion(50, "The owner field");
                    owner = removing ? null : IronicJson.ToOptionalString(value, field);
                    break;
                case "description":
                    request.EnsureVersion(51, "The description field");
                    description = removing ? null : IronicJson.ToOptionalString(value, field);
                    break;
                case "traits":
                    throw IronicApiException.BadRequest("Cannot update node traits via node patch. Node traits should be updated via the node traits API.");
                case var other when s_internal.Contains(other):
                    throw IronicApiException.BadRequest($"'/{other}' is an internal attribute and can not be updated");
                case var other when NodeFields.TryGet(other, out _):
                    throw IronicApiException.BadRequest($"Updating {other} is not supported by this service.");
                default:
                    throw IronicApiException.BadRequest($"The attribute /{field} does not exist on nodes.");
            }
        }

        InputLimits.CheckNodeFields(maps["driver_info"], maps["properties"], maps["extra"], null, resourceClass, owner, description, NodeFieldNames.Ironic);
        InputLimits.CheckMap(maps["instance_info"], "instance_info");
        return new NodeEdit(
            name ?? node.Id,
            driver,
            maps["driver_info"],
            maps["properties"],
            resourceClass,
            node.Traits,
            owner,
            description,
            maps["extra"])
        {
            InstanceInfo = maps["instance_info"],
        };
    }

    // RFC 6901: "~1" is "/" and "~0" is "~", in that order.
    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
