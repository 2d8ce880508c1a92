using BareMetal.Drivers;
using BareMetal.Provisioning.Drivers;
using BareMetal.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace BareMetal.Provisioning.Tests.Infrastructure;

/// <summary>
/// The provisioning tests' cluster: the grains on Orleans' in-process test cluster.
/// Every silo shares one <see cref="JsonMemoryGrainStorage"/> and one <see cref="SharedMemoryReminderTable"/>, as silos share a database, so what a
/// restart loses is what a real silo loses.
/// </summary>
public sealed class ProvisioningTestCluster : IAsyncDisposable
{
    // Our runtime's settings that the provisioning tests set, and what they mean on Orleans.
    private const string MinimumReminderPeriodSetting = "BareMetal:Reminders:MinimumReminderPeriod";
    private const string RefreshReminderListPeriodSetting = "BareMetal:Reminders:RefreshReminderListPeriod";

    private readonly InProcessTestCluster _cluster;
    private readonly JsonMemoryGrainStorage _storage;

    private ProvisioningTestCluster(InProcessTestCluster cluster, JsonMemoryGrainStorage storage, GrainCallFaults faults)
    {
        _cluster = cluster;
        _storage = storage;
        Faults = faults;
    }

    /// <summary>Grain calls the test makes fail, on every silo.</summary>
    public GrainCallFaults Faults { get; }

    /// <summary>Calls grains through the first running silo.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The first running silo's services.</summary>
    public IServiceProvider Services => _cluster.Silos.FirstOrDefault(s => s.IsActive)?.ServiceProvider
        ?? throw new InvalidOperationException("No silo of the test cluster is running.");

    /// <summary>The grain state and reminder rows this cluster's silos share, as a database.</summary>
    public ProvisioningTestDatabase Database { get; private init; } = new();

    /// <summary>
    /// Starts <paramref name="silos"/> silos, on a new database or on <paramref name="database"/>: two clusters on one
    /// database model silos whose directories disagree, each running its own activation of the same grain.
    /// </summary>
    public static async Task<ProvisioningTestCluster> StartAsync(
        int silos = 1,
        Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        ProvisioningTestDatabase? database = null)
    {
        database ??= new ProvisioningTestDatabase();
        var storage = database.Storage;
        var reminders = database.Reminders;
        var faults = new GrainCallFaults();
        var minimumReminderPeriod = Setting(settings, MinimumReminderPeriodSetting) ?? TimeSpan.FromMilliseconds(100);
        var refreshReminders = Setting(settings, RefreshReminderListPeriodSetting);
        var builder = new InProcessTestClusterBuilder(checked((short)silos));
        builder.ConfigureSilo((_, silo) =>
        {
            // Orleans finds the default storage unkeyed, and by name "Default" for [PersistentState] without a storage name.
            silo.Services.AddKeyedSingleton<IGrainStorage>("Default", storage);
            silo.Services.AddSingleton<IGrainStorage>(storage);
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(faults);
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable>(reminders);
            silo.Configure<ReminderOptions>(o =>
            {
                o.MinimumReminderPeriod = minimumReminderPeriod;
                if (refreshReminders is { } refresh)
                {
                    o.RefreshReminderListPeriod = refresh;
                }
            });
            configureServices?.Invoke(silo.Services);

            // Every silo can host a node grain, as the host's can (an operation asks its node before deciding a
            // cancel); a test that runs no node gets no drivers, so no node can be enrolled.
            silo.Services.AddNodeProvisioning();
            silo.Services.TryAddSingleton<IDriverRegistry, DriverRegistry>();
            silo.Services.TryAddSingleton(TimeProvider.System);
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new ProvisioningTestCluster(cluster, storage, faults) { Database = database };
    }

    /// <summary>Stops the first running silo and starts a new one in its place.</summary>
    public async Task RestartSiloAsync()
    {
        var silo = _cluster.Silos.First(s => s.IsActive);
        await _cluster.RestartSiloAsync(silo);
        await _cluster.WaitForLivenessToStabilizeAsync();
    }

    /// <summary>Kills the silo that hosts <paramref name="grain"/>'s activation.</summary>
    public async Task<bool> KillSiloHostingAsync(IAddressable grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var address = await GrainFactory.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        if (address is not { } host)
        {
            return false;
        }

        await _cluster.KillSiloAsync(_cluster.Silos.Single(s => s.SiloAddress.Equals(host)));
        return true;
    }

    /// <summary>Waits until the running silos agree on who is alive.</summary>
    public Task WaitForMembershipToSettleAsync() => _cluster.WaitForLivenessToStabilizeAsync();

    /// <summary>The stored JSON of <paramref name="grain"/>'s state <paramref name="stateName"/>, or null.</summary>
    public Task<byte[]?> StoredPayloadAsync(IAddressable grain, string stateName)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return Task.FromResult(_storage.Payload(grain.GetGrainId(), stateName));
    }

    /// <summary>Changes <paramref name="grain"/>'s stored state <paramref name="stateName"/> behind its activation's back.</summary>
    public void RewriteStoredState(IAddressable grain, string stateName, Action<System.Text.Json.Nodes.JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(grain);
        _storage.Rewrite(grain.GetGrainId(), stateName, change);
    }

    /// <summary>The reminder rows of <paramref name="grain"/>.</summary>
    public async Task<IReadOnlyList<StoredReminder>> RemindersAsync(IAddressable grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var table = await Services.GetRequiredService<IReminderTable>().ReadRows(grain.GetGrainId());
        return [.. table.Reminders.Select(r => new StoredReminder(r.ReminderName, r.Period))];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _cluster.StopAllSilosAsync();
        }
        finally
        {
            await _cluster.DisposeAsync();
        }
    }

    private static TimeSpan? Setting(IReadOnlyDictionary<string, string?>? settings, string key) =>
        settings is not null && settings.TryGetValue(key, out var value) && value is not null
            ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
