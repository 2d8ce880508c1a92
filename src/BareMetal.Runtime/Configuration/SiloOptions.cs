namespace BareMetal.Configuration;

/// <summary>Identity of the silo and its cluster.</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Silo";

    /// <summary>A human-readable silo name (defaults to the machine name).</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>Silos with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>The service id, stable across redeployments; it scopes stored state and reminders.</summary>
    public string ServiceId { get; set; } = "baremetal";
}
