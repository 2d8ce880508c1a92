using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Membership;

/// <summary>The plain <see cref="ILocalSiloDetails"/>: values fixed when the silo is composed.</summary>
internal sealed record LocalSiloDetails(SiloAddress SiloAddress, string SiloName, int GatewayPort) : ILocalSiloDetails;
