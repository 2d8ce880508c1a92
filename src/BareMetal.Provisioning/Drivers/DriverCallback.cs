namespace BareMetal.Provisioning.Drivers;

/// <summary>
/// A report about a pending step, e.g. from a ramdisk agent's HTTP callback. Create it with the static members.
/// </summary>
public sealed record DriverCallback
{
    private DriverCallback(StepToken token, DriverCallbackKind kind, string? message)
    {
        ArgumentNullException.ThrowIfNull(token);
        Token = token;
        Kind = kind;
        Message = message;
    }

    /// <summary>The step this report is about.</summary>
    public StepToken Token { get; }

    /// <summary>What is reported.</summary>
    public DriverCallbackKind Kind { get; }

    /// <summary>Why the step failed; <see langword="null"/> otherwise.</summary>
    public string? Message { get; }

    /// <summary>The agent still works on <paramref name="token"/>.</summary>
    public static DriverCallback Heartbeat(StepToken token) => new(token, DriverCallbackKind.Heartbeat, null);

    /// <summary>The step <paramref name="token"/> finished successfully.</summary>
    public static DriverCallback Done(StepToken token) => new(token, DriverCallbackKind.Done, null);

    /// <summary>The step <paramref name="token"/> failed.</summary>
    public static DriverCallback Failed(StepToken token, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new(token, DriverCallbackKind.Failed, message);
    }
}
