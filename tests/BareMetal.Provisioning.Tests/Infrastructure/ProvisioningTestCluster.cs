using BareMetal.Runtime;
using BareMetal.Runtime.Reminders;
using BareMetal.Runtime.Storage;
using BareMetal.Runtime.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Provisioning.Tests.Infrastructure;

/// <summary>
/// The in-process cluster the provisioning tests run their grains on, reduced to what they need: grain calls,
/// a silo's services, restarting or killing a silo, and what storage and the reminder table hold. Every silo
/// shares one storage and one reminder table, so what a restart loses is exactly what a real silo loses.
/// </summary>
/// <remarks>
/// Tests talk to this facade rather than to the runtime's test cluster, so that moving onto another runtime's
/// test host (Orleans' <c>InProcessTestClusterBuilder</c>) changes this class and not the tests.
/// </remarks>
public sealed class ProvisioningTestCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private ProvisioningTestCluster(InProcessTestCluster cluster) => _cluster = cluster;

    /// <summary>Calls grains through the first running silo.</summary>
    public IGrainFactory GrainFactory => _cluster.GrainFactory;

    /// <summary>The first running silo's services (its driver fleet, change feed, options).</summary>
    public IServiceProvider Services => FirstRunningSilo.Services;

    private TestSiloHandle FirstRunningSilo => _cluster.RunningSilos.FirstOrDefault()
        ?? throw new InvalidOperationException("No silo of the test cluster is running.");

    /// <summary>Starts <paramref name="silos"/> silos and waits until they see each other.</summary>
    /// <param name="silos">How many silos to start.</param>
    /// <param name="configureServices">Adds the grains' services (provisioning, drivers, fleet) to every silo.</param>
    /// <param name="settings">Configuration settings for every silo, on top of the test cluster's fast timings.</param>
    public static async Task<ProvisioningTestCluster> StartAsync(
        int silos = 1,
        Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var options = new InProcessTestClusterOptions
        {
            InitialSilos = silos,
            ConfigureSilo = silo => configureServices?.Invoke(silo.Services),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            options.Settings[key] = value;
        }

        return new ProvisioningTestCluster(await InProcessTestCluster.StartAsync(options));
    }

    /// <summary>Stops the first running silo (every activation on it goes) and starts a new one in its place.</summary>
    public async Task RestartSiloAsync()
    {
        await _cluster.RestartSiloAsync(FirstRunningSilo);
        await _cluster.WaitForMembershipToSettleAsync();
    }

    /// <summary>Kills, without any goodbye, the silo that hosts <paramref name="grain"/>'s activation.</summary>
    /// <returns>False when the grain has no activation anywhere.</returns>
    public async Task<bool> KillSiloHostingAsync(IAddressable grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var registration = await _cluster.Directory.LookupAsync(grain.GetGrainId(), CancellationToken.None);
        if (registration is null)
        {
            return false;
        }

        await _cluster.KillSiloAsync(_cluster.Silos.Single(s => s.SiloAddress == registration.Silo));
        return true;
    }

    /// <summary>Waits until the running silos agree on who is alive (after a kill, until the dead one is declared dead).</summary>
    public Task WaitForMembershipToSettleAsync() => _cluster.WaitForMembershipToSettleAsync();

    /// <summary>The stored bytes of <paramref name="grain"/>'s state <paramref name="stateName"/>, or null when none is stored.</summary>
    public async Task<byte[]?> StoredPayloadAsync(IAddressable grain, string stateName)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var stored = await _cluster.Storage.ReadAsync(new GrainStateKey(grain.GetGrainId(), stateName), CancellationToken.None);
        return stored?.Payload;
    }

    /// <summary>The reminder rows of <paramref name="grain"/>.</summary>
    public async Task<IReadOnlyList<StoredReminder>> RemindersAsync(IAddressable grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var rows = await Services.GetRequiredService<IReminderTable>().ReadRowsAsync(grain.GetGrainId(), CancellationToken.None);
        return [.. rows.Select(r => new StoredReminder(r.ReminderName, r.Period))];
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
