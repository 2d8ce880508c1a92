namespace BareMetal.Host;

/// <summary>Whether this host joins a cluster of silos sharing its database.</summary>
public sealed class HostClusteringOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Clustering";

    /// <summary>Join a cluster (membership, directory and silo-to-silo messaging in the database); off runs one standalone silo.</summary>
    public bool Enabled { get; set; }

    /// <summary>Extra assemblies with grains to load (paths), for plug-ins and test grains.</summary>
    public List<string> GrainAssemblies { get; set; } = [];
}
