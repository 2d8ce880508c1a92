namespace BareMetal.Host.Silo;

/// <summary>Grain call settings (<c>BareMetal:Messaging</c>).</summary>
public sealed class GrainCallOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Messaging";

    /// <summary>How long a grain call waits for its answer before it fails with a timeout.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
