using System.Text.Json;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// What the node grain checks about an action before accepting it, and how actions map to verbs and power
/// actions. Pure functions, so the rules can be read and tested without a cluster.
/// </summary>
public static class NodeActionRules
{
    /// <summary>The deploy/rebuild parameter naming the image to write.</summary>
    public const string ImageSource = "image_source";

    /// <summary>The deploy/rebuild parameter carrying a config drive.</summary>
    public const string ConfigDrive = "configdrive";

    /// <summary>The clean parameter: a JSON list of steps, each an object with "interface" and "step".</summary>
    public const string CleanSteps = "clean_steps";

    /// <summary>The rescue parameter: the rescue user's password.</summary>
    public const string RescuePassword = "rescue_password";

    /// <summary>The maintenance-on parameter: why.</summary>
    public const string Reason = "reason";

    /// <summary>Whether <paramref name="action"/> is a power action (power-on, power-off, reboot, soft-power-off).</summary>
    public static bool IsPower(OperationAction action) =>
        action is OperationAction.PowerOn or OperationAction.PowerOff or OperationAction.Reboot or OperationAction.SoftPowerOff;

    /// <summary>Whether <paramref name="action"/> turns maintenance on or off (applied at once, never queued).</summary>
    public static bool IsMaintenance(OperationAction action) => action is OperationAction.MaintenanceOn or OperationAction.MaintenanceOff;

    /// <summary>The provision verb an action fires; null for power and maintenance actions.</summary>
    public static ProvisionEvent? VerbOf(OperationAction action) => action switch
    {
        OperationAction.Manage => ProvisionEvent.Manage,
        OperationAction.Inspect => ProvisionEvent.Inspect,
        OperationAction.Provide => ProvisionEvent.Provide,
        OperationAction.Deploy => ProvisionEvent.Deploy,
        OperationAction.Undeploy => ProvisionEvent.Delete,
        OperationAction.Rebuild => ProvisionEvent.Rebuild,
        OperationAction.Clean => ProvisionEvent.Clean,
        OperationAction.Abort => ProvisionEvent.Abort,
        OperationAction.Rescue => ProvisionEvent.Rescue,
        OperationAction.Unrescue => ProvisionEvent.Unrescue,
        OperationAction.Adopt => ProvisionEvent.Adopt,
        _ => null,
    };

    /// <summary>The action requesting <paramref name="verb"/>; null for internal events.</summary>
    public static OperationAction? ActionOf(ProvisionEvent verb) => verb switch
    {
        ProvisionEvent.Manage => OperationAction.Manage,
        ProvisionEvent.Inspect => OperationAction.Inspect,
        ProvisionEvent.Provide => OperationAction.Provide,
        ProvisionEvent.Deploy => OperationAction.Deploy,
        ProvisionEvent.Delete => OperationAction.Undeploy,
        ProvisionEvent.Rebuild => OperationAction.Rebuild,
        ProvisionEvent.Clean => OperationAction.Clean,
        ProvisionEvent.Abort => OperationAction.Abort,
        ProvisionEvent.Rescue => OperationAction.Rescue,
        ProvisionEvent.Unrescue => OperationAction.Unrescue,
        ProvisionEvent.Adopt => OperationAction.Adopt,
        _ => null,
    };

    /// <summary>The driver power action of a power action.</summary>
    public static PowerAction PowerActionOf(OperationAction action) => action switch
    {
        OperationAction.PowerOn => PowerAction.On,
        OperationAction.PowerOff => PowerAction.Off,
        OperationAction.Reboot => PowerAction.Reboot,
        OperationAction.SoftPowerOff => PowerAction.SoftOff,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a power action."),
    };

    /// <summary>The power state a power action leaves the node in.</summary>
    public static PowerState TargetPowerOf(PowerAction action) => action is PowerAction.On or PowerAction.Reboot ? PowerState.On : PowerState.Off;

    /// <summary>
    /// Why a power action cannot run on a node in <paramref name="state"/>, or null when it can. A node in enroll
    /// has unverified power credentials, and Ironic refuses power changes while cleaning.
    /// </summary>
    public static string? PowerRefusal(OperationAction action, ProvisionState state) => state switch
    {
        ProvisionState.Enroll => $"{action.ToWireName()} is not allowed in state enroll: its power credentials are not verified; manage the node first",
        ProvisionState.Verifying or ProvisionState.Cleaning or ProvisionState.CleanWait =>
            $"{action.ToWireName()} is not allowed in state {state.ToIronicName()}",
        _ => null,
    };

    /// <summary>
    /// Whether maintenance blocks <paramref name="verb"/>. As in Ironic, work that changes what runs on the node
    /// (deploy, rebuild, cleaning, rescue) is refused; manage, inspect, undeploy, abort and power actions are not.
    /// </summary>
    public static bool BlockedByMaintenance(ProvisionEvent verb) => verb is ProvisionEvent.Deploy or ProvisionEvent.Rebuild
        or ProvisionEvent.Provide or ProvisionEvent.Clean or ProvisionEvent.Rescue or ProvisionEvent.Unrescue;

    /// <summary>What is wrong with the parameters of <paramref name="action"/>, or null when they are acceptable.</summary>
    public static string? ParameterProblem(OperationAction action, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        string[] accepted = action switch
        {
            OperationAction.Deploy or OperationAction.Rebuild => [ImageSource, ConfigDrive],
            OperationAction.Clean => [CleanSteps],
            OperationAction.Rescue => [RescuePassword],
            OperationAction.MaintenanceOn => [Reason],
            _ => [],
        };
        foreach (var key in parameters.Keys.Order(StringComparer.Ordinal))
        {
            if (!accepted.Contains(key, StringComparer.Ordinal))
            {
                return accepted.Length == 0
                    ? $"{action.ToWireName()} takes no parameters (got '{key}')"
                    : $"{action.ToWireName()} does not accept parameter '{key}' (accepted: {string.Join(", ", accepted)})";
            }
        }

        return action switch
        {
            OperationAction.Deploy or OperationAction.Rebuild when parameters.TryGetValue(ImageSource, out var image) && string.IsNullOrWhiteSpace(image) =>
                $"{ImageSource} must not be empty",
            OperationAction.Clean => CleanStepsProblem(parameters.GetValueOrDefault(CleanSteps)),
            OperationAction.Rescue when string.IsNullOrEmpty(parameters.GetValueOrDefault(RescuePassword)) => $"rescue needs a non-empty {RescuePassword}",
            _ => null,
        };
    }

    /// <summary>The steps of a "clean_steps" value that <see cref="ParameterProblem"/> accepted; empty when there is none.</summary>
    public static IReadOnlyList<CleanStep> ParseCleanSteps(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(step => new CleanStep(step.GetProperty("interface").GetString()!, step.GetProperty("step").GetString()!))];
    }

    private static string? CleanStepsProblem(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return $"clean needs {CleanSteps}: a JSON list of steps such as [{{\"interface\": \"deploy\", \"step\": \"erase_devices\"}}]";
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            {
                return $"{CleanSteps} must be a non-empty JSON list";
            }

            var index = 0;
            foreach (var step in document.RootElement.EnumerateArray())
            {
                if (step.ValueKind != JsonValueKind.Object || !IsText(step, "interface") || !IsText(step, "step"))
                {
                    return $"{CleanSteps}[{index}] must be an object with string fields \"interface\" and \"step\"";
                }

                index++;
            }

            return null;
        }
        catch (JsonException exception)
        {
            return $"{CleanSteps} is not valid JSON: {exception.Message}";
        }
    }

    private static bool IsText(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString());
}
