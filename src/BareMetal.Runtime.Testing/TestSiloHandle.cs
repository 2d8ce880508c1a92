using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BareMetal.Runtime.Testing;

/// <summary>One silo of an <see cref="InProcessTestCluster"/>.</summary>
public sealed class TestSiloHandle
{
    internal TestSiloHandle(string name, IHost host)
    {
        Name = name;
        Host = host;
        var local = host.Services.GetRequiredService<ILocalSiloDetails>();
        SiloAddress = local.SiloAddress;
        GatewayPort = local.GatewayPort;
    }

    /// <summary>The silo's name (silo-0, silo-1, ...).</summary>
    public string Name { get; }

    /// <summary>The silo's address (a restart gives a new generation).</summary>
    public SiloAddress SiloAddress { get; }

    /// <summary>The port external clients connect to.</summary>
    public int GatewayPort { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>A grain factory whose calls start on this silo.</summary>
    public IGrainFactory GrainFactory => Host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>This silo's current view of the cluster.</summary>
    public ClusterMembershipView MembershipView => Host.Services.GetRequiredService<IClusterMembershipService>().CurrentView;

    /// <summary>Whether the silo is running (not stopped or killed).</summary>
    public bool IsRunning { get; internal set; } = true;

    internal IHost Host { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({SiloAddress})";
}
