namespace BareMetal.Orleans.Benchmarks.Grains;

[Alias("BareMetal.Benchmarks.IStateWriterGrain")]
public interface IStateWriterGrain : IGrainWithIntegerKey
{
    /// <summary>Changes the state, writes it and returns its new version once stored.</summary>
    [Alias("Write")]
    Task<int> Write();
}

[Alias("BareMetal.Benchmarks.IGroupCommitStateWriterGrain")]
public interface IGroupCommitStateWriterGrain : IStateWriterGrain
{
}

[Alias("BareMetal.Benchmarks.IAdoNetStateWriterGrain")]
public interface IAdoNetStateWriterGrain : IStateWriterGrain
{
}
