namespace BareMetal.Contracts.Diagnostics;

/// <summary>One row of the membership table as a silo sees it.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="Name">Its name.</param>
/// <param name="Status">joining, active, shutting_down or dead.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="LastHeartbeat">Its last heartbeat in the table.</param>
[GenerateSerializer, Alias("baremetal.SiloMember")]
public sealed record SiloMember([property: Id(0)] string Silo, [property: Id(1)] string Name, [property: Id(2)] string Status, [property: Id(3)] DateTimeOffset StartedAt, [property: Id(4)] DateTimeOffset LastHeartbeat);
