namespace BareMetal.Contracts.Diagnostics;

/// <summary>A silo's status changed (joined, became active, shut down, was declared dead).</summary>
/// <param name="Silo">The silo whose status changed.</param>
/// <param name="Previous">Its status before ("none" when it was new).</param>
/// <param name="Current">Its status now.</param>
/// <param name="At">When the change was seen.</param>
[GenerateSerializer, Alias("baremetal.MembershipEvent")]
public sealed record MembershipEvent([property: Id(0)] string Silo, [property: Id(1)] string Previous, [property: Id(2)] string Current, [property: Id(3)] DateTimeOffset At);
