namespace BareMetal.Configuration;

/// <summary>Idle activation collection.</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:GrainCollection";

    /// <summary>An activation idle for longer than this is deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long OnActivateAsync may take.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long OnDeactivateAsync may take.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
