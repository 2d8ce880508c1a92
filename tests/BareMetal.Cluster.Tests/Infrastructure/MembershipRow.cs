using Orleans.Runtime;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>A silo's row in Orleans' membership table, as the silos wrote it.</summary>
/// <param name="Silo">The silo's address (endpoint and generation).</param>
/// <param name="Name">Its name (BareMetal:Silo:SiloName).</param>
/// <param name="Status">Its status as the cluster last agreed it.</param>
public sealed record MembershipRow(SiloAddress Silo, string Name, SiloStatus Status);
