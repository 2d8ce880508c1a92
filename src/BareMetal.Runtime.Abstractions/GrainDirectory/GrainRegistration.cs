using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.GrainDirectory;

/// <summary>
/// Where a grain's single activation lives. <see cref="Epoch"/> grows by one every time the
/// registration moves to another silo; it fences out a silo that lost the grain.
/// </summary>
public sealed record GrainRegistration(GrainId GrainId, SiloAddress Silo, long Epoch);
