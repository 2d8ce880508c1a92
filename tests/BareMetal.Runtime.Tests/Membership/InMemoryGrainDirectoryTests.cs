using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;

namespace BareMetal.Runtime.Tests.Membership;

public sealed class InMemoryGrainDirectoryTests
{
    private static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 1);
    private static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 1);
    private static readonly SiloAddress SiloC = new("10.0.0.3", 11111, 1);

    [Fact]
    public async Task Register_NewGrain_CreatesRegistrationWithEpochOne()
    {
        var directory = new InMemoryGrainDirectory();
        var grain = NewGrain();

        var registration = await directory.RegisterAsync(grain, SiloA, [], CancellationToken.None);

        Assert.Equal(new GrainRegistration(grain, SiloA, 1), registration);
        Assert.Equal(registration, await directory.LookupAsync(grain, CancellationToken.None));
    }

    [Fact]
    public async Task Register_HeldByALiveSilo_ReturnsTheExistingRegistrationUnchanged()
    {
        var directory = new InMemoryGrainDirectory();
        var grain = NewGrain();
        var first = await directory.RegisterAsync(grain, SiloA, [], CancellationToken.None);

        var second = await directory.RegisterAsync(grain, SiloB, [SiloC], CancellationToken.None);
        var again = await directory.RegisterAsync(grain, SiloA, [], CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(first, again);
        Assert.Equal(first, await directory.LookupAsync(grain, CancellationToken.None));
    }

    [Fact]
    public async Task Register_HeldByAReplaceableSilo_TakesOverWithTheNextEpoch()
    {
        var directory = new InMemoryGrainDirectory();
        var grain = NewGrain();
        await directory.RegisterAsync(grain, SiloA, [], CancellationToken.None);

        var takeover = await directory.RegisterAsync(grain, SiloB, [SiloA], CancellationToken.None);
        var secondTakeover = await directory.RegisterAsync(grain, SiloC, [SiloA, SiloB], CancellationToken.None);

        Assert.Equal(new GrainRegistration(grain, SiloB, 2), takeover);
        Assert.Equal(new GrainRegistration(grain, SiloC, 3), secondTakeover);
    }

    [Fact]
    public async Task Unregister_StaleOrForeignRegistration_IsRefused()
    {
        var directory = new InMemoryGrainDirectory();
        var grain = NewGrain();
        var first = await directory.RegisterAsync(grain, SiloA, [], CancellationToken.None);
        var current = await directory.RegisterAsync(grain, SiloB, [SiloA], CancellationToken.None);

        Assert.False(await directory.UnregisterAsync(first, CancellationToken.None));
        Assert.False(await directory.UnregisterAsync(current with { Silo = SiloC }, CancellationToken.None));
        Assert.Equal(current, await directory.LookupAsync(grain, CancellationToken.None));
        Assert.True(await directory.UnregisterAsync(current, CancellationToken.None));
        Assert.Null(await directory.LookupAsync(grain, CancellationToken.None));
        Assert.False(await directory.UnregisterAsync(current, CancellationToken.None));
    }

    [Fact]
    public async Task UnregisterSilos_RemovesOnlyTheirRegistrations_AndCountsThem()
    {
        var directory = new InMemoryGrainDirectory();
        var onA = Enumerable.Range(0, 3).Select(_ => NewGrain()).ToList();
        var onB = Enumerable.Range(0, 2).Select(_ => NewGrain()).ToList();
        var onC = NewGrain();
        foreach (var grain in onA)
        {
            await directory.RegisterAsync(grain, SiloA, [], CancellationToken.None);
        }

        foreach (var grain in onB)
        {
            await directory.RegisterAsync(grain, SiloB, [], CancellationToken.None);
        }

        await directory.RegisterAsync(onC, SiloC, [], CancellationToken.None);

        Assert.Equal(5, await directory.UnregisterSilosAsync([SiloA, SiloB], CancellationToken.None));
        Assert.Equal(0, await directory.UnregisterSilosAsync([SiloA], CancellationToken.None));
        foreach (var grain in onA.Concat(onB))
        {
            Assert.Null(await directory.LookupAsync(grain, CancellationToken.None));
        }

        Assert.NotNull(await directory.LookupAsync(onC, CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentRegistrations_OfOneGrain_AllSeeTheSameSingleWinner()
    {
        var directory = new InMemoryGrainDirectory();
        var grain = NewGrain();
        var silos = Enumerable.Range(0, 32).Select(i => new SiloAddress("10.0.1.1", 20000 + i, 1)).ToList();
        using var start = new ManualResetEventSlim();

        var racers = silos.Select(silo => Task.Run(async () =>
        {
            start.Wait();
            return await directory.RegisterAsync(grain, silo, [], CancellationToken.None);
        })).ToList();
        start.Set();
        var registrations = await Task.WhenAll(racers);

        var winner = Assert.Single(registrations.Distinct());
        Assert.Equal(1, winner.Epoch);
        Assert.Equal(winner, await directory.LookupAsync(grain, CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentTakeovers_FromADeadSilo_ExactlyOneWinsWithTheNextEpoch()
    {
        var directory = new InMemoryGrainDirectory();
        var grain = NewGrain();
        await directory.RegisterAsync(grain, SiloA, [], CancellationToken.None);
        var survivors = Enumerable.Range(0, 32).Select(i => new SiloAddress("10.0.1.1", 20000 + i, 1)).ToList();
        using var start = new ManualResetEventSlim();

        var racers = survivors.Select(silo => Task.Run(async () =>
        {
            start.Wait();
            return await directory.RegisterAsync(grain, silo, [SiloA], CancellationToken.None);
        })).ToList();
        start.Set();
        var registrations = await Task.WhenAll(racers);

        var winner = Assert.Single(registrations.Distinct());
        Assert.Equal(2, winner.Epoch);
        Assert.Contains(winner.Silo, survivors);
    }

    private static GrainId NewGrain() => GrainId.Create("node", Guid.NewGuid());
}
