using BareMetal.TestInfrastructure;

namespace BareMetal.Cluster.Tests;

/// <summary>
/// One private PostgreSQL server for all cluster tests; every test creates its own database and
/// silo processes. One collection, so tests run one after another: each starts three or four
/// silo processes, and on two cores two such clusters side by side would skew every timing.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "Cluster processes";
}
