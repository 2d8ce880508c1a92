namespace BareMetal.Provisioning.Nodes;

/// <summary>Limits of the node grain.</summary>
public sealed class NodeProvisioningOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Nodes";

    /// <summary>How many operations (running included) a node may have pending. Default 16.</summary>
    public int QueueCapacity { get; set; } = 16;

    /// <summary>How many history entries a node keeps; the oldest are dropped. Default 100.</summary>
    public int HistoryCapacity { get; set; } = 100;

    /// <summary>The retry-after given when the queue is full. Default 5 s.</summary>
    public TimeSpan QueueFullRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The image written by deploy until requests carry parameters. Default "default".</summary>
    public string DefaultImage { get; set; } = "default";
}
