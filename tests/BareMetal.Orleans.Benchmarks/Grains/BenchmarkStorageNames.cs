namespace BareMetal.Orleans.Benchmarks.Grains;

public static class BenchmarkStorageNames
{
    public const string GroupCommit = "groupcommit";

    public const string AdoNet = "adonet";
}
