namespace BareMetal.Chaos.Tests;

/// <summary>
/// The harness tests run one after the other: each starts a PostgreSQL and four host processes, and the small run's
/// audit measures recovery times that a second harness on the same two cores would distort.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChaosCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Chaos harness";
}
