namespace BareMetal.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>No reason recorded.</summary>
    None,

    /// <summary>The activation was idle for longer than its collection age.</summary>
    IdleCollection,

    /// <summary>The grain asked for it with <c>DeactivateOnIdle</c>.</summary>
    ApplicationRequested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>Activation failed; the instance never served a request.</summary>
    ActivationFailed,

    /// <summary>The activation lost its directory registration to another one (cluster).</summary>
    DuplicateActivation,
}

/// <summary>The reason passed to <see cref="Grain.OnDeactivateAsync"/>.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Description}";
}
