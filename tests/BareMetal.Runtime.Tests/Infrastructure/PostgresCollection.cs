using BareMetal.TestInfrastructure;

namespace BareMetal.Runtime.Tests.Infrastructure;

/// <summary>One private PostgreSQL server shared by the runtime tests that need one.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
