namespace BareMetal.Host;

/// <summary>What this process runs (setting <c>BareMetal:Role</c>).</summary>
public enum HostRole
{
    /// <summary>A silo and the HTTP gateway in one process (the default).</summary>
    Both,

    /// <summary>A silo only: grains, no HTTP API (health endpoints only).</summary>
    Silo,

    /// <summary>The HTTP gateway only, calling the cluster's silos through the cluster client.</summary>
    Gateway,
}
