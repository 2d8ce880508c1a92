namespace BareMetal.Contracts.Diagnostics;

/// <summary>One row of the membership table as a silo sees it.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="Name">Its name.</param>
/// <param name="Status">joining, active, shutting_down or dead.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="LastHeartbeat">Its last heartbeat in the table.</param>
public sealed record SiloMember(string Silo, string Name, string Status, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeat);
