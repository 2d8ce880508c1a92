namespace BareMetal.Api.Ironic;

/// <summary>Settings of the Ironic-compatible API (section <see cref="SectionName"/>).</summary>
public sealed class IronicApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:IronicApi";

    /// <summary>The most items one list answer holds (Ironic's [api]max_limit); also the page size when no limit is given.</summary>
    public int MaxLimit { get; set; } = 1000;

    /// <summary>The base URL put into links (Ironic's public_endpoint); null means the scheme and host of each request.</summary>
    public Uri? PublicEndpoint { get; set; }

    /// <summary>What the API reports as the conductor host (node "conductor" field and driver "hosts").</summary>
    public string ConductorName { get; set; } = Environment.MachineName;

    /// <summary>The hardware drivers listed by GET /v1/drivers and accepted by node create.</summary>
    public IList<string> Drivers { get; } = ["fake-hardware"];
}
