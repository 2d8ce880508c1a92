using System.Text.Json.Nodes;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Api.Ironic;

/// <summary>
/// Ironic's node document for a <see cref="NodeView"/>: every field Ironic has, those we do not hold with Ironic's
/// empty value, hidden when the request's version predates them.
/// </summary>
internal static class NodeDocument
{
    /// <summary>
    /// The node's Ironic name, or null for a node created without one (stored under its own id, since the node
    /// grain needs a unique name and the id is one no other node can take).
    /// </summary>
    public static string? IronicName(NodeView node) => node.Name == node.Id ? null : node.Name;

    public static string? ProvisionStateName(ProvisionState? state, ApiVersion version) => state switch
    {
        null => null,
        // Before 1.2 "available" was shown as NOSTATE (null); before 1.39 "inspect wait" as "inspecting".
        ProvisionState.Available when !version.IsAtLeast(2) => null,
        ProvisionState.InspectWait when !version.IsAtLeast(39) => ProvisionState.Inspecting.ToIronicName(),
        { } value => value.ToIronicName(),
    };

    public static JsonObject Build(NodeView node, IronicRequest request, string conductor, IReadOnlyList<string>? selection)
    {
        // Only the fields asked for are built: a poll with ?fields= (what a CLI waiting on a node sends) needs a handful
        // of the sixty, and each costs its JSON nodes.
        var document = new JsonObject();
        if (selection is null)
        {
            foreach (var field in NodeFields.All)
            {
                if (request.Version.IsAtLeast(field.Since))
                {
                    document[field.Name] = Field(field.Name, node, request, conductor);
                }
            }

            // Sub-resource links come with the full document only.
            document["ports"] = IronicJson.Links(request.BaseUrl, "nodes", $"{node.Id}/ports");
            document["states"] = IronicJson.Links(request.BaseUrl, "nodes", $"{node.Id}/states");
            if (request.Version.IsAtLeast(24))
            {
                document["portgroups"] = IronicJson.Links(request.BaseUrl, "nodes", $"{node.Id}/portgroups");
            }

            if (request.Version.IsAtLeast(32))
            {
                document["volume"] = IronicJson.Links(request.BaseUrl, "nodes", $"{node.Id}/volume");
            }

            return document;
        }

        foreach (var name in selection)
        {
            if (!document.ContainsKey(name))
            {
                document[name] = Field(name, node, request, conductor);
            }
        }

        if (!document.ContainsKey("links"))
        {
            document["links"] = Field("links", node, request, conductor);
        }

        return document;
    }

    public static JsonObject States(NodeView node, IronicRequest request)
    {
        var states = new JsonObject
        {
            ["console_enabled"] = false,
            ["last_error"] = node.LastError,
            ["power_state"] = node.PowerState.ToIronicName(),
            ["provision_state"] = ProvisionStateName(node.ProvisionState, request.Version),
            ["provision_updated_at"] = IronicJson.Timestamp(node.ProvisionUpdatedAt),
            ["raid_config"] = new JsonObject(),
            ["target_power_state"] = node.TargetPowerState?.ToIronicName(),
            ["target_provision_state"] = ProvisionStateName(node.TargetProvisionState, request.Version),
            ["target_raid_config"] = new JsonObject(),
        };
        if (request.Version.IsAtLeast(75))
        {
            states["boot_mode"] = null;
            states["secure_boot"] = null;
        }

        states["links"] = IronicJson.Links(request.BaseUrl, "nodes", $"{node.Id}/states");
        return states;
    }

    /// <summary>The value of one of <see cref="NodeFields.All"/> for the node.</summary>
    private static JsonNode? Field(string name, NodeView node, IronicRequest request, string conductor) => name switch
    {
        "uuid" => node.Id,
        "name" => IronicName(node),
        "driver" => node.Driver,
        "driver_info" => IronicJson.Map(node.DriverInfo),
        "driver_internal_info" => new JsonObject(),
        "instance_info" => IronicJson.Map(node.InstanceInfo),
        "properties" => IronicJson.Map(node.Properties),
        "extra" => IronicJson.Map(node.Extra),
        "instance_uuid" => null,
        "chassis_uuid" => null,
        "power_state" => node.PowerState.ToIronicName(),
        "target_power_state" => node.TargetPowerState?.ToIronicName(),
        "provision_state" => ProvisionStateName(node.ProvisionState, request.Version),
        "target_provision_state" => ProvisionStateName(node.TargetProvisionState, request.Version),
        "provision_updated_at" => IronicJson.Timestamp(node.ProvisionUpdatedAt),
        "maintenance" => node.Maintenance,
        "maintenance_reason" => node.MaintenanceReason,
        "fault" => Fault(node),
        // Ironic shows the conductor holding the node's lock; here the node is "held" while work is pending.
        "reservation" => node.PendingOperationIds.Count > 0 ? conductor : null,
        "last_error" => node.LastError,
        "console_enabled" => false,
        "created_at" => IronicJson.Timestamp(node.CreatedAt),
        "updated_at" => IronicJson.Timestamp(node.UpdatedAt),
        "inspection_started_at" => null,
        "inspection_finished_at" => null,
        "clean_step" => new JsonObject(),
        "raid_config" => new JsonObject(),
        "target_raid_config" => new JsonObject(),
        "network_interface" => "noop",
        "resource_class" => node.ResourceClass,
        "boot_interface" => "fake",
        "console_interface" => "no-console",
        "deploy_interface" => "fake",
        "inspect_interface" => "fake",
        "management_interface" => RealInterface(node),
        "power_interface" => RealInterface(node),
        "raid_interface" => "no-raid",
        "vendor_interface" => "no-vendor",
        "storage_interface" => "noop",
        "traits" => new JsonArray([.. node.Traits.Select(t => JsonValue.Create(t))]),
        "rescue_interface" => "no-rescue",
        "bios_interface" => "no-bios",
        "deploy_step" => new JsonObject(),
        "conductor_group" => string.Empty,
        "automated_clean" => null,
        "protected" => false,
        "protected_reason" => null,
        "conductor" => conductor,
        "owner" => node.Owner,
        "description" => node.Description,
        "allocation_uuid" => null,
        "retired" => false,
        "retired_reason" => null,
        "lessee" => null,
        "network_data" => new JsonObject(),
        "boot_mode" => null,
        "secure_boot" => null,
        "shard" => null,
        "links" => IronicJson.Links(request.BaseUrl, "nodes", node.Id),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a field of Ironic's node document."),
    };

    // The redfish hardware type has real power and management interfaces (Ironic names them "redfish"); the rest
    // (deploy, boot, inspect) is the simulated agent for every hardware type.
    private static string RealInterface(NodeView node) => node.Driver == "redfish" ? "redfish" : "fake";

    /// <summary>Ironic's fault: set when the node went into maintenance by itself after power failures.</summary>
    private static string? Fault(NodeView node) =>
        node.Maintenance && node.MaintenanceReason?.StartsWith("power failure", StringComparison.OrdinalIgnoreCase) == true
            ? "power failure"
            : null;
}
