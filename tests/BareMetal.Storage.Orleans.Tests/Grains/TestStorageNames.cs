namespace BareMetal.Storage.Orleans.Tests.Grains;

/// <summary>The storage names the test silos register.</summary>
public static class TestStorageNames
{
    /// <summary>Our group-commit storage (also registered as the default).</summary>
    public const string GroupCommit = "groupcommit";

    /// <summary>Orleans' Persistence.AdoNet with our SQL.</summary>
    public const string AdoNet = "adonet";
}
