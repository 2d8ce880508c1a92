using System.Diagnostics.CodeAnalysis;

namespace BareMetal.Contracts.Operations;

/// <summary>The API spelling of <see cref="OperationAction"/> values ("power-on", "maintenance-off", ...).</summary>
public static class OperationActionExtensions
{
    /// <summary>The lower-case, dash-separated name used on the wire.</summary>
    public static string ToWireName(this OperationAction action) => action switch
    {
        OperationAction.Manage => "manage",
        OperationAction.Inspect => "inspect",
        OperationAction.Provide => "provide",
        OperationAction.Deploy => "deploy",
        OperationAction.Undeploy => "undeploy",
        OperationAction.Rebuild => "rebuild",
        OperationAction.Clean => "clean",
        OperationAction.Abort => "abort",
        OperationAction.Rescue => "rescue",
        OperationAction.Unrescue => "unrescue",
        OperationAction.PowerOn => "power-on",
        OperationAction.PowerOff => "power-off",
        OperationAction.Reboot => "reboot",
        OperationAction.SoftPowerOff => "soft-power-off",
        OperationAction.MaintenanceOn => "maintenance-on",
        OperationAction.MaintenanceOff => "maintenance-off",
        OperationAction.Adopt => "adopt",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown operation action."),
    };

    /// <summary>Parses a wire name (case-insensitive).</summary>
    /// <returns><see langword="true"/> when <paramref name="name"/> names an action.</returns>
    public static bool TryParseWireName([NotNullWhen(true)] string? name, out OperationAction action)
    {
        foreach (var candidate in Enum.GetValues<OperationAction>())
        {
            if (string.Equals(candidate.ToWireName(), name, StringComparison.OrdinalIgnoreCase))
            {
                action = candidate;
                return true;
            }
        }

        action = default;
        return false;
    }
}
