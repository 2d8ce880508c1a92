using BareMetal.Runtime.Concurrency;

namespace BareMetal.Runtime.Tests.Grains;

public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="next"/>, passing the rest of the path; returns the keys visited.</summary>
    Task<string> Follow(string[] path);
}

public sealed class ChainGrain : Grain, IChainGrain
{
    public async Task<string> Follow(string[] path)
    {
        if (path.Length == 0)
        {
            return this.GetPrimaryKeyString();
        }

        var next = GrainFactory.GetGrain<IChainGrain>(path[0]);
        return this.GetPrimaryKeyString() + ">" + await next.Follow(path[1..]);
    }
}

public interface IReentrantChainGrain : IGrainWithStringKey
{
    Task<string> Follow(string[] path);
}

[Reentrant]
public sealed class ReentrantChainGrain : Grain, IReentrantChainGrain
{
    public async Task<string> Follow(string[] path)
    {
        if (path.Length == 0)
        {
            return this.GetPrimaryKeyString();
        }

        var next = GrainFactory.GetGrain<IReentrantChainGrain>(path[0]);
        return this.GetPrimaryKeyString() + ">" + await next.Follow(path[1..]);
    }
}
