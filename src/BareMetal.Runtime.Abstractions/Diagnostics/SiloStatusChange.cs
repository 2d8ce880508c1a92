using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Diagnostics;

/// <summary>A silo's status changed in the membership view of the silo that reports it.</summary>
/// <param name="Silo">The silo whose status changed.</param>
/// <param name="Previous">Its status before (<see cref="SiloStatus.None"/> when it was not in the table).</param>
/// <param name="Current">Its status now.</param>
/// <param name="At">When the reporting silo saw the change.</param>
public sealed record SiloStatusChange(SiloAddress Silo, SiloStatus Previous, SiloStatus Current, DateTimeOffset At);
