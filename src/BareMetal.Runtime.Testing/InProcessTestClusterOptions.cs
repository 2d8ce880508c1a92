using BareMetal.Hosting;

namespace BareMetal.Runtime.Testing;

/// <summary>How an <see cref="InProcessTestCluster"/> is built.</summary>
public sealed class InProcessTestClusterOptions
{
    /// <summary>Silos started by <see cref="InProcessTestCluster.StartAsync"/>.</summary>
    public int InitialSilos { get; set; } = 2;

    /// <summary>Configuration for every silo (the <c>BareMetal:*</c> keys), applied over the fast test defaults.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Extra silo configuration (storage, grain assemblies, services).</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; set; }

    /// <summary>The shared cluster secret (random per cluster by default).</summary>
    public string ClusterSecret { get; set; } = Guid.NewGuid().ToString("N");
}
