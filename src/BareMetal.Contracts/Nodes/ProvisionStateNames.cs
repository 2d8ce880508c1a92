using System.Collections.Frozen;

namespace BareMetal.Contracts.Nodes;

/// <summary>The Ironic names of provision states ("wait call-back", "clean failed", ...), both ways.</summary>
public static class ProvisionStateNames
{
    private static readonly FrozenDictionary<ProvisionState, string> s_names = new Dictionary<ProvisionState, string>
    {
        [ProvisionState.Enroll] = "enroll",
        [ProvisionState.Verifying] = "verifying",
        [ProvisionState.Manageable] = "manageable",
        [ProvisionState.Inspecting] = "inspecting",
        [ProvisionState.InspectWait] = "inspect wait",
        [ProvisionState.InspectFailed] = "inspect failed",
        [ProvisionState.Available] = "available",
        [ProvisionState.Deploying] = "deploying",
        [ProvisionState.WaitCallBack] = "wait call-back",
        [ProvisionState.Active] = "active",
        [ProvisionState.DeployFailed] = "deploy failed",
        [ProvisionState.Deleting] = "deleting",
        [ProvisionState.Cleaning] = "cleaning",
        [ProvisionState.CleanWait] = "clean wait",
        [ProvisionState.CleanFailed] = "clean failed",
        [ProvisionState.Error] = "error",
        [ProvisionState.Adopting] = "adopting",
        [ProvisionState.AdoptFailed] = "adopt failed",
        [ProvisionState.Rescuing] = "rescuing",
        [ProvisionState.RescueWait] = "rescue wait",
        [ProvisionState.RescueFailed] = "rescue failed",
        [ProvisionState.Rescue] = "rescue",
        [ProvisionState.Unrescuing] = "unrescuing",
        [ProvisionState.UnrescueFailed] = "unrescue failed",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, ProvisionState> s_states =
        s_names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The Ironic name of <paramref name="state"/>.</summary>
    public static string ToIronicName(this ProvisionState state) => s_names[state];

    /// <summary>Parses an Ironic state name; false when it names no state.</summary>
    public static bool TryParse(string name, out ProvisionState state) => s_states.TryGetValue(name, out state);
}
