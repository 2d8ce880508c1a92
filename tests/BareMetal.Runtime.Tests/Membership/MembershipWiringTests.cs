using BareMetal.Hosting;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Tests.Membership;

public sealed class MembershipWiringTests
{
    [Fact]
    public async Task AddMembership_ResolvesBothStages_WhichJoinAndActivateTheSilo()
    {
        var table = new InMemoryMembershipTable();
        var silo = new SiloAddress("127.0.0.1", 11111, 42);
        await using var services = Compose(new Dictionary<string, string?>(), s =>
        {
            s.AddSingleton<IMembershipTable>(table);
            s.AddSingleton<ILocalSiloDetails>(new LocalSiloDetails(silo, "wired", 30000));
        });

        var participants = services.GetServices<ISiloLifecycleParticipant>().OrderBy(p => p.Stage).ToList();
        foreach (var participant in participants)
        {
            await participant.OnStartAsync(CancellationToken.None);
        }

        Assert.Equal([SiloLifecycleStage.RuntimeServices, SiloLifecycleStage.Active], participants.Select(p => p.Stage));
        Assert.Same(services.GetRequiredService<ClusterMembershipService>(), services.GetRequiredService<IClusterMembershipService>());
        Assert.IsType<NoOpSiloProber>(services.GetRequiredService<ISiloProber>());
        var view = services.GetRequiredService<IClusterMembershipService>().CurrentView;
        Assert.Equal([silo], view.ActiveSilos);
        Assert.Equal(30000, Assert.Single(view.Gateways).GatewayPort);

        foreach (var participant in Enumerable.Reverse(participants))
        {
            await participant.OnStopAsync(CancellationToken.None);
        }

        Assert.Equal(SiloStatus.Dead, Assert.Single(await table.ReadAllAsync(CancellationToken.None)).Entry.Status);
    }

    [Fact]
    public async Task AddMembership_InvalidSetting_FailsNamingTheProperty()
    {
        await using var services = Compose(new Dictionary<string, string?> { ["BareMetal:Membership:MissedProbesLimit"] = "0" });

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MembershipOptions>>().Value);

        Assert.Contains("MembershipOptions.MissedProbesLimit", exception.Message);
    }

    [Fact]
    public async Task AddMembership_BindsTheSection()
    {
        await using var services = Compose(new Dictionary<string, string?> { ["BareMetal:Membership:ProbePeriod"] = "00:00:00.500" });

        Assert.Equal(TimeSpan.FromMilliseconds(500), services.GetRequiredService<IOptions<MembershipOptions>>().Value.ProbePeriod);
    }

    private static ServiceProvider Compose(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddMembership(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
