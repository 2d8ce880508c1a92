namespace BareMetal.Contracts.Nodes;

/// <summary>The Ironic names of power states ("power on", "power off", "error", or null), both ways.</summary>
public static class PowerStateNames
{
    /// <summary>Ironic's name for <see cref="PowerState.On"/>.</summary>
    public const string PowerOn = "power on";

    /// <summary>Ironic's name for <see cref="PowerState.Off"/>.</summary>
    public const string PowerOff = "power off";

    /// <summary>Ironic's name for <see cref="PowerState.Error"/>.</summary>
    public const string Error = "error";

    /// <summary>The Ironic name of <paramref name="state"/>; <see langword="null"/> for <see cref="PowerState.Unknown"/>.</summary>
    public static string? ToIronicName(this PowerState state) => state switch
    {
        PowerState.On => PowerOn,
        PowerState.Off => PowerOff,
        PowerState.Error => Error,
        PowerState.Unknown => null,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a power state."),
    };

    /// <summary>
    /// Parses an Ironic power state name; <see langword="null"/> parses as <see cref="PowerState.Unknown"/>.
    /// Returns <see langword="false"/> when <paramref name="name"/> names no power state.
    /// </summary>
    public static bool TryParse(string? name, out PowerState state)
    {
        state = name switch
        {
            null => PowerState.Unknown,
            PowerOn => PowerState.On,
            PowerOff => PowerState.Off,
            Error => PowerState.Error,
            _ => (PowerState)(-1),
        };
        if (!Enum.IsDefined(state))
        {
            state = PowerState.Unknown;
            return false;
        }

        return true;
    }
}
