using BareMetal.TestInfrastructure;

namespace BareMetal.Storage.Orleans.Tests;

/// <summary>One private PostgreSQL server for the assembly; each test class takes a database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
