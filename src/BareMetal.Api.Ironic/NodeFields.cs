using System.Collections.Frozen;

namespace BareMetal.Api.Ironic;

/// <summary>The fields of Ironic's node document, in Ironic's order, with the version that introduced each.</summary>
internal static class NodeFields
{
    public static readonly IReadOnlyList<NodeField> All =
    [
        new("uuid", 1), new("name", 5), new("driver", 1), new("driver_info", 1), new("driver_internal_info", 3),
        new("instance_info", 1), new("properties", 1), new("extra", 1), new("instance_uuid", 1), new("chassis_uuid", 1),
        new("power_state", 1), new("target_power_state", 1), new("provision_state", 1), new("target_provision_state", 1),
        new("provision_updated_at", 1), new("maintenance", 1), new("maintenance_reason", 1), new("fault", 42),
        new("reservation", 1), new("last_error", 1), new("console_enabled", 1), new("created_at", 1), new("updated_at", 1),
        new("inspection_started_at", 6), new("inspection_finished_at", 6), new("clean_step", 7), new("raid_config", 12),
        new("target_raid_config", 12), new("network_interface", 20), new("resource_class", 21), new("boot_interface", 31),
        new("console_interface", 31), new("deploy_interface", 31), new("inspect_interface", 31), new("management_interface", 31),
        new("power_interface", 31), new("raid_interface", 31), new("vendor_interface", 31), new("storage_interface", 33),
        new("traits", 37), new("rescue_interface", 38), new("bios_interface", 40), new("deploy_step", 44),
        new("conductor_group", 46), new("automated_clean", 47), new("protected", 48), new("protected_reason", 48),
        new("conductor", 49), new("owner", 50), new("description", 51), new("allocation_uuid", 52), new("retired", 61),
        new("retired_reason", 61), new("lessee", 65), new("network_data", 66), new("boot_mode", 75), new("secure_boot", 75),
        new("shard", 82), new("links", 1),
    ];

    /// <summary>What a node list shows without <c>detail</c> or <c>fields</c>.</summary>
    public static readonly IReadOnlyList<string> ListDefault =
        ["uuid", "name", "instance_uuid", "power_state", "provision_state", "maintenance", "links"];

    private static readonly FrozenDictionary<string, NodeField> s_byName = All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out NodeField field) => s_byName.TryGetValue(name, out field!);

    /// <summary>
    /// Parses <c>fields=a,b</c>: 406 before 1.8 or for a field newer than the request's version, 400 for an unknown field.
    /// </summary>
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
            if (!TryGet(name, out var field))
            {
                throw IronicApiException.BadRequest($"Field(s) \"{name}\" are not valid.");
            }

            request.EnsureVersion(field.Since, $"The field {name}");
        }

        return names;
    }
}
