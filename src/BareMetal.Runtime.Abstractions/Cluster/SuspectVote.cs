namespace BareMetal.Runtime.Cluster;

/// <summary>One silo's vote that another missed its probes.</summary>
/// <param name="Voter">The silo that suspects.</param>
/// <param name="Time">When it voted.</param>
public sealed record SuspectVote(SiloAddress Voter, DateTimeOffset Time);
