using BareMetal.TestInfrastructure;

namespace BareMetal.Storage.Tests;

/// <summary>
/// One private PostgreSQL server for every PostgreSQL test class of this assembly. Classes in the
/// collection run one after another; each uses its own database, so that is for the 2-core budget,
/// not for isolation.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
