namespace BareMetal.Provisioning.Drivers;

/// <summary>The result of one driver step. Create it with the static members.</summary>
public sealed record DriverStepResult
{
    private DriverStepResult(DriverStepOutcome outcome, string? message, TimeSpan? callbackTimeout)
    {
        Outcome = outcome;
        Message = message;
        CallbackTimeout = callbackTimeout;
    }

    /// <summary>How the step ended.</summary>
    public DriverStepOutcome Outcome { get; }

    /// <summary>Why the step failed (or was cancelled); <see langword="null"/> otherwise.</summary>
    public string? Message { get; }

    /// <summary>For <see cref="DriverStepOutcome.Pending"/>: how long the driver expects the callback to take at most.</summary>
    public TimeSpan? CallbackTimeout { get; }

    /// <summary>The step finished successfully.</summary>
    public static DriverStepResult Done { get; } = new(DriverStepOutcome.Done, null, null);

    /// <summary>The step was cancelled.</summary>
    public static DriverStepResult Cancelled { get; } = new(DriverStepOutcome.Cancelled, null, null);

    /// <summary>The step goes on elsewhere and will report through <see cref="IDriverCallbackSink"/>.</summary>
    /// <param name="callbackTimeout">How long until the caller should give up waiting (a hint).</param>
    public static DriverStepResult Pending(TimeSpan callbackTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(callbackTimeout, TimeSpan.Zero);
        return new(DriverStepOutcome.Pending, null, callbackTimeout);
    }

    /// <summary>The step failed.</summary>
    /// <param name="reason">Why, for operators (no secrets).</param>
    public static DriverStepResult Failed(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(DriverStepOutcome.Failed, reason, null);
    }
}
