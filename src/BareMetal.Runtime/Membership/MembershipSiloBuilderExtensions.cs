using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BareMetal.Hosting;

/// <summary>In-memory cluster storage for tests and in-process clusters.</summary>
public static class MembershipSiloBuilderExtensions
{
    /// <summary>
    /// Uses an in-memory membership table. Pass the same <paramref name="table"/> to every silo of one
    /// process to form a cluster; without one, the silo gets a private table (a cluster of one).
    /// </summary>
    public static ISiloBuilder UseInMemoryMembership(this ISiloBuilder builder, InMemoryMembershipTable? table = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IMembershipTable>();
        builder.Services.AddSingleton<IMembershipTable>(table ?? new InMemoryMembershipTable());
        return builder;
    }

    /// <summary>
    /// Uses an in-memory grain directory. Pass the same <paramref name="directory"/> to every silo of
    /// one process to share it; without one, the silo gets a private directory.
    /// </summary>
    public static ISiloBuilder UseInMemoryGrainDirectory(this ISiloBuilder builder, InMemoryGrainDirectory? directory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IGrainDirectory>();
        builder.Services.AddSingleton<IGrainDirectory>(directory ?? new InMemoryGrainDirectory());
        return builder;
    }
}
