namespace BareMetal.Storage.Orleans.Tests.Grains;

/// <summary>A persistent counter; one interface per storage provider under test.</summary>
[Alias("BareMetal.Tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one, writes the state and returns the new count.</summary>
    [Alias("Increment")]
    Task<int> Increment();

    [Alias("Get")]
    Task<int> Get();

    /// <summary>Whether the storage holds a record for this grain (false before the first write and after a clear).</summary>
    [Alias("RecordExists")]
    Task<bool> RecordExists();

    [Alias("Clear")]
    Task Clear();

    /// <summary>The silo this activation runs on.</summary>
    [Alias("Silo")]
    Task<string> Silo();

    /// <summary>Deactivates when the call returns, so the next call reads the state again.</summary>
    [Alias("Deactivate")]
    Task Deactivate();
}

[Alias("BareMetal.Tests.IGroupCommitCounterGrain")]
public interface IGroupCommitCounterGrain : ICounterGrain
{
}

[Alias("BareMetal.Tests.IAdoNetCounterGrain")]
public interface IAdoNetCounterGrain : ICounterGrain
{
}
