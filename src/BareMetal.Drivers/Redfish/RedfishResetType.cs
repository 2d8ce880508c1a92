using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Redfish;

/// <summary>The ComputerSystem.Reset ResetType values the driver sends, and which one each power action uses (as Ironic does).</summary>
internal static class RedfishResetType
{
    public const string On = "On";
    public const string ForceOff = "ForceOff";
    public const string GracefulShutdown = "GracefulShutdown";
    public const string ForceRestart = "ForceRestart";
    public const string GracefulRestart = "GracefulRestart";

    /// <summary>
    /// The reset that carries out <paramref name="action"/> on a system whose power is <paramref name="isOn"/>, or null
    /// when the system is already where the action leads (nothing to send). A reboot of a system that is off powers it on.
    /// </summary>
    public static string? For(PowerAction action, bool isOn) => action switch
    {
        PowerAction.On => isOn ? null : On,
        PowerAction.Off => isOn ? ForceOff : null,
        PowerAction.SoftOff => isOn ? GracefulShutdown : null,
        PowerAction.Reboot => isOn ? ForceRestart : On,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a power action."),
    };
}
