namespace BareMetal.Host.Silo;

/// <summary>Who this silo is and which cluster it belongs to (<c>BareMetal:Silo</c>).</summary>
public sealed class SiloIdentityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Silo";

    /// <summary>The silo's name in membership, logs and the dashboard.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>The cluster: silos with the same id (and database) form one cluster.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>The service: stays the same across deployments, and keys stored state and reminders.</summary>
    public string ServiceId { get; set; } = "baremetal";
}
