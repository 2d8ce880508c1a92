using BareMetal.Storage.Orleans.Tests.Grains;
using BareMetal.Storage.Orleans.Tests.Infrastructure;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;
using Orleans.TestingHost;

namespace BareMetal.Storage.Orleans.Tests;

/// <summary>
/// What a user of the cluster notices from our clustering, reminder and grain-state SQL, run by each engine's
/// test class: silos find each other and a dead one's grains come back elsewhere; reminders fire and outlive a
/// restart; state survives deactivation and restart, a stale writer is refused; the schema migrates once.
/// </summary>
public abstract class OrleansStorageScenarios
{
    private const int Active = (int)SiloStatus.Active;
    private const int Dead = (int)SiloStatus.Dead;
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(40);

    protected abstract Task<StorageEngine> EngineAsync();

    [Fact]
    public async Task Cluster_TwoSilos_SeeEachOther_AndAKilledSiloIsDeclaredDead_ItsGrainComesBackOnTheOther()
    {
        var engine = await EngineAsync();
        var clusterId = Unique("cluster");
        var cluster = await TestClusters.StartAsync(engine, 2, Unique("service"), clusterId);
        try
        {
            await Conditions.WaitForAsync(() => StatusesAsync(engine, clusterId), s => s.Count(x => x == Active) == 2, s_deadline, "two active rows in the membership table");
            var primary = cluster.Silos[0];
            var secondary = cluster.Silos[1];
            foreach (var silo in new[] { primary, secondary })
            {
                await Conditions.WaitForAsync(() => Task.FromResult(ActiveMembers(silo)), n => n == 2, s_deadline, $"{silo.Name} seeing two active silos");
            }

            // The grain prefers the silo that calls it first: the secondary.
            var key = Unique("node");
            var onSecondary = secondary.Services().GetRequiredService<IGrainFactory>().GetGrain<IGroupCommitCounterGrain>(key);
            Assert.Equal(1, await onSecondary.Increment());
            var firstHome = await onSecondary.Silo();

            await cluster.KillSiloAsync(secondary);

            await Conditions.WaitForAsync(
                () => Task.FromResult(primary.Services().GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(secondary.SiloAddress)),
                status => status == SiloStatus.Dead,
                s_deadline,
                $"the primary declaring {secondary.SiloAddress} dead");
            var statuses = await StatusesAsync(engine, clusterId);
            Assert.Contains(Dead, statuses);
            Assert.Contains(Active, statuses);

            var fromPrimary = primary.Services().GetRequiredService<IGrainFactory>().GetGrain<IGroupCommitCounterGrain>(key);
            Assert.Equal(2, await fromPrimary.Increment());
            Assert.NotEqual(firstHome, await fromPrimary.Silo());
        }
        finally
        {
            await TestClusters.StopAsync(cluster);
        }
    }

    [Fact]
    public async Task Reminder_Registered_FiresAndOutlivesARestart_UntilUnregistered()
    {
        var engine = await EngineAsync();
        var (serviceId, clusterId) = (Unique("service"), Unique("cluster"));
        var key = Unique("sync");

        var first = await TestClusters.StartAsync(engine, 1, serviceId, clusterId);
        try
        {
            await first.Client.GetGrain<IPingReminderGrain>(key).Start(TimeSpan.FromSeconds(1));
            await ReminderTicks.WaitForTicksAsync(key, 1, s_deadline, "before the restart");
        }
        finally
        {
            await TestClusters.StopAsync(first);
        }

        Assert.Single(await RemindersAsync(engine, serviceId));
        var ticksBeforeRestart = ReminderTicks.Count(key);

        var second = await TestClusters.StartAsync(engine, 1, serviceId, clusterId);
        try
        {
            await ReminderTicks.WaitForTicksAsync(key, ticksBeforeRestart + 1, s_deadline, "after the restart");

            var grain = second.Client.GetGrain<IPingReminderGrain>(key);
            await grain.Stop();
            Assert.False(await grain.IsRegistered());
            Assert.Empty(await RemindersAsync(engine, serviceId));

            await ReminderTableContractAsync(second.Silos[0].Services().GetRequiredService<IReminderTable>(), serviceId);
        }
        finally
        {
            await TestClusters.StopAsync(second);
        }
    }

    [Fact]
    public async Task GrainState_ReadBackAfterDeactivationAndRestart_StaleWriterRefused_ClearForgets_SchemaMigratedOnce()
    {
        var engine = await EngineAsync();
        var (serviceId, clusterId) = (Unique("service"), Unique("cluster"));
        var key = Unique("node");

        var first = await TestClusters.StartAsync(engine, 1, serviceId, clusterId);
        try
        {
            await StateScenarioAsync(first, first.Client.GetGrain<IGroupCommitCounterGrain>(key), TestStorageNames.GroupCommit);
            await StateScenarioAsync(first, first.Client.GetGrain<IAdoNetCounterGrain>(key), TestStorageNames.AdoNet);
        }
        finally
        {
            await TestClusters.StopAsync(first);
        }

        var second = await TestClusters.StartAsync(engine, 1, serviceId, clusterId);
        try
        {
            Assert.Equal(1, await second.Client.GetGrain<IGroupCommitCounterGrain>(key).Get());
            Assert.Equal(1, await second.Client.GetGrain<IAdoNetCounterGrain>(key).Get());
        }
        finally
        {
            await TestClusters.StopAsync(second);
        }

        // Two starts on one database (the second would have failed on re-created tables): every migration recorded once,
        // and nothing left to apply.
        var versions = await engine.QueryAsync(
            $"SELECT component, version FROM {engine.Table("schema_version")} ORDER BY component, version",
            r => $"{r.GetString(0)}:{r.GetInt32(1)}");
        Assert.Equal(["orleans-clustering:1", "orleans-persistence:1", "orleans-reminders:1"], versions.Where(v => v.StartsWith("orleans-", StringComparison.Ordinal)));
        Assert.Contains("grain-storage:1", versions);
        await using var schema = engine.Schema();
        Assert.Equal(0, await schema.EnsureSchemaAsync(CancellationToken.None));
    }

    /// <summary>
    /// Orleans' ADO.NET reminder table on our SQL, driven directly: re-registering bumps the ETag, a removal with a
    /// stale ETag is refused, and a silo's share of the hash ring, (begin, end] on the unsigned ring, reads exactly
    /// the reminders of its grains whether or not the range wraps in the signed order Orleans binds hashes in.
    /// </summary>
    private static async Task ReminderTableContractAsync(IReminderTable table, string serviceId)
    {
        var grains = Enumerable.Range(0, 16).Select(i => GrainId.Create("contract", $"{serviceId}-{i}")).ToArray();
        var eTags = new Dictionary<GrainId, string>();
        foreach (var grain in grains)
        {
            eTags[grain] = await table.UpsertRow(Reminder(grain), CancellationToken.None) ?? throw new InvalidOperationException("An upsert returned no ETag.");
        }

        var stale = eTags[grains[0]];
        var current = await table.UpsertRow(Reminder(grains[0]), CancellationToken.None) ?? throw new InvalidOperationException("An upsert returned no ETag.");
        Assert.NotEqual(stale, current);
        Assert.Equal(current, (await table.ReadRow(grains[0], "contract", CancellationToken.None))?.ETag);
        Assert.False(await table.RemoveRow(grains[0], "contract", stale, CancellationToken.None));
        Assert.True(await table.RemoveRow(grains[0], "contract", current, CancellationToken.None));
        Assert.Null(await table.ReadRow(grains[0], "contract", CancellationToken.None));

        var remaining = grains[1..];
        var hashes = remaining.Select(g => g.GetUniformHashCode()).Order().ToArray();
        var (begin, end) = (hashes[3], hashes[9]);
        foreach (var (from, to) in new[] { (begin, end), (end, begin) })
        {
            var read = (await table.ReadRows(from, to, CancellationToken.None)).Reminders.Select(r => r.GrainId).Where(remaining.Contains).Order().ToArray();
            var expected = remaining.Where(g => InRange(g.GetUniformHashCode(), from, to)).Order().ToArray();
            Assert.Equal(expected, read);
        }

        static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

        static ReminderEntry Reminder(GrainId grain) => new()
        {
            GrainId = grain,
            ReminderName = "contract",
            StartAt = DateTime.UtcNow,
            Period = TimeSpan.FromMinutes(1),
        };
    }

    /// <summary>
    /// Orleans' own ADO.NET membership table on our SQL, driven the way the membership protocol drives it: every
    /// change carries the table version it read, and a change made with a version someone else already moved past
    /// is refused, so two silos can never both act on the same view.
    /// </summary>
    [Fact]
    public async Task MembershipTable_WritesWithAStaleVersion_AreRefused_HeartbeatsLeaveTheVersion_DeadRowsAreCleanedUp()
    {
        var engine = await EngineAsync();
        await using (var schema = engine.Schema())
        {
            await schema.EnsureSchemaAsync(CancellationToken.None);
        }

        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = Unique("cluster"), ServiceId = Unique("service") }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = engine.Invariant, ConnectionString = engine.OrleansConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(true, CancellationToken.None);

        var empty = await table.ReadAllAsync(CancellationToken.None);
        Assert.Empty(empty.Members);
        var first = Entry(1, SiloStatus.Joining);
        var second = Entry(2, SiloStatus.Joining);
        Assert.True(await table.InsertRowAsync(first, empty.Version.Next(), CancellationToken.None));
        Assert.False(await table.InsertRowAsync(second, empty.Version.Next(), CancellationToken.None));   // read before the first insert
        Assert.False(await table.InsertRowAsync(first, (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));   // already there

        var afterInsert = await table.ReadAllAsync(CancellationToken.None);
        Assert.Single(afterInsert.Members);
        Assert.Equal(empty.Version.Version + 1, afterInsert.Version.Version);

        var active = Entry(1, SiloStatus.Active);
        Assert.True(await table.UpdateRowAsync(active, afterInsert.Members[0].Item2, afterInsert.Version.Next(), CancellationToken.None));
        Assert.False(await table.UpdateRowAsync(Entry(1, SiloStatus.Dead), afterInsert.Members[0].Item2, afterInsert.Version.Next(), CancellationToken.None));

        var beforeHeartbeat = await table.ReadAllAsync(CancellationToken.None);
        var heartbeat = Entry(1, SiloStatus.Active);
        heartbeat.IAmAliveTime = DateTime.UtcNow.AddSeconds(5);
        await table.UpdateIAmAliveAsync(heartbeat, CancellationToken.None);
        var row = await table.ReadRowAsync(first.SiloAddress, CancellationToken.None);
        Assert.Equal(SiloStatus.Active, row.Members[0].Item1.Status);
        Assert.Equal(beforeHeartbeat.Version.Version, row.Version.Version);
        Assert.True(Math.Abs((row.Members[0].Item1.IAmAliveTime - heartbeat.IAmAliveTime).TotalMilliseconds) < 1);

        var dead = Entry(1, SiloStatus.Dead);
        dead.SuspectTimes = [Tuple.Create(second.SiloAddress, DateTime.UtcNow)];
        Assert.True(await table.UpdateRowAsync(dead, row.Members[0].Item2, row.Version.Next(), CancellationToken.None));
        var suspected = (await table.ReadRowAsync(first.SiloAddress, CancellationToken.None)).Members[0].Item1;
        Assert.Equal(second.SiloAddress, Assert.Single(suspected.SuspectTimes ?? []).Item1);

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
        Assert.Empty((await table.ReadAllAsync(CancellationToken.None)).Members);
    }

    private static MembershipEntry Entry(int generation, SiloStatus status) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), generation),
        SiloName = $"silo-{generation}",
        HostName = "localhost",
        Status = status,
        ProxyPort = 30000,
        StartTime = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(generation),
        IAmAliveTime = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(generation),
    };

    private static async Task StateScenarioAsync(InProcessTestCluster cluster, ICounterGrain grain, string storageName)
    {
        Assert.False(await grain.RecordExists());
        Assert.Equal(1, await grain.Increment());
        Assert.Equal(2, await grain.Increment());

        await grain.Deactivate();
        Assert.Equal(2, await grain.Get());
        Assert.True(await grain.RecordExists());

        // Another writer (a second activation, say) stores a newer state behind this activation's back.
        var storage = cluster.Silos[0].Services().GetRequiredKeyedService<IGrainStorage>(storageName);
        var other = new GrainState<CounterState>();
        await storage.ReadStateAsync("counter", grain.GetGrainId(), other);
        other.State = new CounterState { Count = 10, Note = "the other writer" };
        await storage.WriteStateAsync("counter", grain.GetGrainId(), other);

        // The activation still holds the old ETag: its write is refused, and it does not overwrite the newer state.
        await Assert.ThrowsAsync<InconsistentStateException>(grain.Increment);
        Assert.Equal(11, await grain.Increment());

        await grain.Clear();
        Assert.False(await grain.RecordExists());
        Assert.Equal(0, await grain.Get());
        await grain.Deactivate();
        Assert.Equal(0, await grain.Get());
        Assert.False(await grain.RecordExists());
        Assert.Equal(1, await grain.Increment());
    }

    private static int ActiveMembers(InProcessSiloHandle silo) =>
        silo.Services().GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);

    private static Task<List<int>> StatusesAsync(StorageEngine engine, string clusterId) =>
        engine.QueryAsync($"SELECT status FROM {engine.Table("orleans_membership")} WHERE cluster_id = @cluster", r => r.GetInt32(0), ("@cluster", clusterId));

    private static Task<List<string>> RemindersAsync(StorageEngine engine, string serviceId) =>
        engine.QueryAsync($"SELECT reminder_name FROM {engine.Table("orleans_reminders")} WHERE service_id = @service", r => r.GetString(0), ("@service", serviceId));

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
