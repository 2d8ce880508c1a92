using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Membership;

namespace BareMetal.Runtime.Tests.Membership;

/// <summary>One silo's membership parts in a <see cref="MembershipTestCluster"/>.</summary>
internal sealed class ClusterMember(SiloAddress address, MembershipAgent agent, ClusterMembershipService service, FakeHostApplicationLifetime lifetime, RecordingLogger<MembershipAgent> logger)
{
    public SiloAddress Address { get; } = address;

    public MembershipAgent Agent { get; } = agent;

    public ClusterMembershipService Service { get; } = service;

    public FakeHostApplicationLifetime Lifetime { get; } = lifetime;

    public RecordingLogger<MembershipAgent> Logger { get; } = logger;

    public ClusterMembershipView View => Service.CurrentView;

    /// <summary>Both lifecycle stages, as the silo host would run them.</summary>
    public async Task StartAsync()
    {
        await Agent.OnStartAsync(CancellationToken.None);
        await Agent.ActiveStageParticipant.OnStartAsync(CancellationToken.None);
    }

    /// <summary>A graceful stop: stages stop in descending order.</summary>
    public async Task StopAsync()
    {
        await Agent.ActiveStageParticipant.OnStopAsync(CancellationToken.None);
        await Agent.OnStopAsync(CancellationToken.None);
    }

    /// <summary>SIGKILL: timers stop, nothing is written.</summary>
    public void Crash() => Agent.Dispose();
}
