namespace BareMetal.Cluster.TestGrains;

/// <summary>A grain-to-grain call: where the relay ran and what the counter it called answered.</summary>
/// <param name="RelaySilo">The silo hosting the relay grain.</param>
/// <param name="Counter">The counter's reply (its silo may differ: a silo-to-silo call).</param>
[GenerateSerializer]
[Alias("BareMetal.Cluster.TestGrains.RelayReply")]
public sealed record RelayReply([property: Id(0)] string RelaySilo, [property: Id(1)] CounterReply Counter);

/// <summary>Calls a counter grain from inside the cluster.</summary>
[Alias("BareMetal.Cluster.TestGrains.IRelayGrain")]
public interface IRelayGrain : IGrainWithStringKey
{
    /// <summary>Increments counter <paramref name="counterKey"/> from this grain.</summary>
    [Alias("IncrementCounter")]
    Task<RelayReply> IncrementCounter(string counterKey);
}

/// <summary>See <see cref="IRelayGrain"/>.</summary>
[GrainType("relay")]
// Random, not Orleans' default: every silo must host some of a test's grains whichever gateway the client uses.
[RandomPlacement]
public sealed class RelayGrain : Grain, IRelayGrain
{
    /// <inheritdoc />
    public async Task<RelayReply> IncrementCounter(string counterKey)
    {
        var reply = await GrainFactory.GetGrain<ICounterGrain>(counterKey).Increment();
        return new RelayReply(SiloIdentity.Name, reply);
    }
}
