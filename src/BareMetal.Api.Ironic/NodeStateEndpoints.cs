using System.Globalization;
using System.Text.Json.Nodes;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Ironic;

/// <summary>/v1/nodes/{ident}/states, .../states/power, .../states/provision and .../maintenance.</summary>
internal static class NodeStateEndpoints
{
    private static readonly HashSet<string> s_powerFields = ["target", "timeout"];

    private static readonly HashSet<string> s_maintenanceFields = ["reason"];

    private static readonly HashSet<string> s_provisionFields =
        ["target", "configdrive", "clean_steps", "deploy_steps", "rescue_password", "disable_ramdisk", "service_steps", "runbook"];

    public static async Task<IResult> States(string ident, HttpContext http, NodeDirectory nodes)
    {
        var request = IronicRequest.Of(http);
        var node = await nodes.GetAsync(ident, request);
        return Results.Json(NodeDocument.States(node, request));
    }

    public static async Task<IResult> Power(string ident, HttpContext http, NodeDirectory nodes)
    {
        var request = IronicRequest.Of(http);
        var body = await IronicBody.ReadObjectAsync(http);
        IronicBody.EnsureOnly(body, s_powerFields);
        var target = IronicJson.ToOptionalString(body["target"], "target") ?? throw IronicApiException.BadRequest("'target' is a required property");
        if (body["timeout"] is { } timeout)
        {
            request.EnsureVersion(27, "The power timeout");
            if (timeout is not JsonValue number || !number.TryGetValue<int>(out var seconds) || seconds < 1)
            {
                throw IronicApiException.BadRequest($"Invalid timeout value {timeout.ToJsonString()}. The value of timeout must be a positive integer.");
            }
        }

        var action = target switch
        {
            "power on" => OperationAction.PowerOn,
            "power off" => OperationAction.PowerOff,
            "rebooting" => OperationAction.Reboot,
            "soft power off" when request.Version.IsAtLeast(27) => OperationAction.SoftPowerOff,
            "soft power off" or "soft rebooting" when !request.Version.IsAtLeast(27) =>
                throw IronicApiException.NotAcceptable($"Power target \"{target}\" needs API version 1.27 or newer."),
            "soft rebooting" => throw IronicApiException.BadRequest("Power target \"soft rebooting\" is not supported by this service's drivers."),
            _ => throw IronicApiException.BadRequest(
                $"Invalid power target \"{target}\"; valid targets: power on, power off, rebooting, soft power off."),
        };
        var node = await nodes.GetAsync(ident, request);
        if (node.ProvisionState is ProvisionState.Cleaning or ProvisionState.CleanWait)
        {
            throw IronicApiException.BadRequest(
                $"Cannot change the power state of node {node.Id} while it is in state \"{node.ProvisionState.ToIronicName()}\".");
        }

        try
        {
            await nodes.Node(node.Id).Submit(new NodeActionRequest(action, RequestedBy: http.User.Identity?.Name));
        }
        catch (NodeRequestRefusedException refused)
        {
            throw IronicApiException.BadRequest($"The requested power action \"{target}\" can not be performed on node \"{node.Id}\": {refused.Reason ?? refused.Message}");
        }

        return Accepted(request, ident);
    }

    public static async Task<IResult> Provision(string ident, HttpContext http, NodeDirectory nodes)
    {
        var request = IronicRequest.Of(http);
        var body = await IronicBody.ReadObjectAsync(http);
        IronicBody.EnsureOnly(body, s_provisionFields);
        var target = IronicJson.ToOptionalString(body["target"], "target") ?? throw IronicApiException.BadRequest("'target' is a required property");
        var node = await nodes.GetAsync(ident, request);
        var (action, since) = target switch
        {
            "active" => (OperationAction.Deploy, 1),
            "deploy" => (OperationAction.Deploy, 73),
            "rebuild" => (OperationAction.Rebuild, 1),
            "deleted" => (OperationAction.Undeploy, 1),
            "undeploy" => (OperationAction.Undeploy, 73),
            "manage" => (OperationAction.Manage, 4),
            "provide" => (OperationAction.Provide, 4),
            "inspect" => (OperationAction.Inspect, 6),
            "abort" => (OperationAction.Abort, 13),
            "clean" => (OperationAction.Clean, 15),
            "rescue" => (OperationAction.Rescue, 38),
            "unrescue" => (OperationAction.Unrescue, 38),
            "adopt" => (OperationAction.Adopt, 17),
            _ => throw IronicApiException.BadRequest($"The requested action \"{target}\" is not a provision target."),
        };
        request.EnsureVersion(since, $"Provision target \"{target}\"");
        if (node.Maintenance && action is OperationAction.Deploy or OperationAction.Rebuild)
        {
            throw IronicApiException.BadRequest($"The node {node.Id} is in maintenance mode: {node.MaintenanceReason ?? "no reason given"}.");
        }

        var parameters = Parameters(body, target, action, request);
        try
        {
            await nodes.Node(node.Id).Submit(new NodeActionRequest(action, parameters, RequestedBy: http.User.Identity?.Name));
        }
        catch (NodeRequestRefusedException refused)
        {
            throw IronicApiException.BadRequest(
                $"The requested action \"{target}\" can not be performed on node \"{node.Id}\" while it is in state \"{node.ProvisionState.ToIronicName()}\". {refused.Reason ?? refused.Message}");
        }

        return Accepted(request, ident);
    }

    public static async Task<IResult> SetMaintenance(string ident, HttpContext http, NodeDirectory nodes)
    {
        var request = IronicRequest.Of(http);
        var body = await IronicBody.ReadOptionalObjectAsync(http);
        IronicBody.EnsureOnly(body, s_maintenanceFields);
        var reason = IronicJson.ToOptionalString(body["reason"], "reason");
        InputLimits.CheckText(reason, "reason", InputLimits.MaxFreeTextLength);
        var node = await nodes.GetAsync(ident, request);
        var parameters = reason is null ? null : new Dictionary<string, string> { ["reason"] = reason };
        await nodes.Node(node.Id).Submit(new NodeActionRequest(OperationAction.MaintenanceOn, parameters, RequestedBy: http.User.Identity?.Name));
        return Results.Accepted();
    }

    public static async Task<IResult> ClearMaintenance(string ident, HttpContext http, NodeDirectory nodes)
    {
        var request = IronicRequest.Of(http);
        var node = await nodes.GetAsync(ident, request);
        await nodes.Node(node.Id).Submit(new NodeActionRequest(OperationAction.MaintenanceOff, RequestedBy: http.User.Identity?.Name));
        return Results.Accepted();
    }

    private static Dictionary<string, string>? Parameters(JsonObject body, string target, OperationAction action, IronicRequest request)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["configdrive"] is { } configDrive)
        {
            if (action is not (OperationAction.Deploy or OperationAction.Rebuild))
            {
                throw IronicApiException.BadRequest($"Adding a config drive is only supported when setting provision state to active or rebuild (was \"{target}\").");
            }

            // Stored with the operation; the simulated drivers do not write it anywhere.
            parameters["configdrive"] = IronicJson.ToText(configDrive);
        }

        if (body["clean_steps"] is { } cleanSteps)
        {
            request.EnsureVersion(15, "clean_steps");
            if (action != OperationAction.Clean)
            {
                throw IronicApiException.BadRequest($"\"clean_steps\" is only valid when setting target provision state to clean (was \"{target}\").");
            }

            if (cleanSteps is not JsonArray)
            {
                throw IronicApiException.BadRequest("\"clean_steps\" must be a list of steps.");
            }

            parameters["clean_steps"] = cleanSteps.ToJsonString();
        }
        else if (action == OperationAction.Clean)
        {
            throw IronicApiException.BadRequest("\"clean_steps\" is required when setting target provision state to clean.");
        }

        if (body["deploy_steps"] is { } deploySteps)
        {
            request.EnsureVersion(69, "deploy_steps");
            if (action is not (OperationAction.Deploy or OperationAction.Rebuild))
            {
                throw IronicApiException.BadRequest($"\"deploy_steps\" is only valid when setting target provision state to active or rebuild (was \"{target}\").");
            }

            if (deploySteps is not JsonArray { Count: 0 })
            {
                throw IronicApiException.BadRequest("Custom deploy steps are not supported by this service.");
            }
        }

        if (body["rescue_password"] is { } password)
        {
            if (action != OperationAction.Rescue)
            {
                throw IronicApiException.BadRequest($"\"rescue_password\" is only valid when setting target provision state to rescue (was \"{target}\").");
            }

            parameters["rescue_password"] = IronicJson.ToOptionalString(password, "rescue_password") ?? string.Empty;
        }

        if (action == OperationAction.Rescue && string.IsNullOrWhiteSpace(parameters.GetValueOrDefault("rescue_password")))
        {
            throw IronicApiException.BadRequest("A non-empty \"rescue_password\" is required when setting target provision state to rescue.");
        }

        if (IronicBody.ToOptionalBool(body["disable_ramdisk"], "disable_ramdisk") is not null)
        {
            request.EnsureVersion(70, "disable_ramdisk");
            if (action != OperationAction.Clean)
            {
                throw IronicApiException.BadRequest($"\"disable_ramdisk\" is only valid when setting target provision state to clean (was \"{target}\").");
            }

            // Nothing boots a ramdisk for cleaning here, so the flag changes nothing and is not passed on.
        }

        InputLimits.CheckParameters(parameters, field: null);
        return parameters.Count == 0 ? null : parameters;
    }

    private static IResult Accepted(IronicRequest request, string ident) =>
        Results.Accepted(string.Create(CultureInfo.InvariantCulture, $"{request.BaseUrl}/v1/nodes/{Uri.EscapeDataString(ident)}/states"));
}
