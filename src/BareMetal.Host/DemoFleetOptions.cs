namespace BareMetal.Host;

/// <summary>The simulated demo fleet of the embedded default (section <see cref="SectionName"/>).</summary>
public sealed class DemoFleetOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:DemoFleet";

    /// <summary>How many simulated nodes (demo-001, demo-002, ...) to create on the first start; 0 disables. Default 32 (embedded default only).</summary>
    public int Nodes { get; set; } = 32;
}
