namespace BareMetal.Storage.Tests;

/// <summary>One row of <c>schema_version</c>, as the tests read it.</summary>
public sealed record SchemaVersionRow(string Engine, string Component, int Version);
