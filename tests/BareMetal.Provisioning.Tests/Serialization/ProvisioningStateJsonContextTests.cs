using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;
using BareMetal.Hosting;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Fleet;
using BareMetal.Provisioning.Nodes;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.Serialization;
using BareMetal.Storage.Orleans.GrainStorage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Tests.Serialization;

/// <summary>
/// The generated writers must store exactly what the silo serializer's reflection-based contract stores, or rows written
/// before would not read back (and rows written now would not read on a silo without them).
/// </summary>
public sealed class ProvisioningStateJsonContextTests
{
    private static readonly DateTimeOffset s_at = new(2026, 2, 14, 9, 45, 30, 250, TimeSpan.FromHours(1));

    public static TheoryData<string> States =>
    [
        nameof(NodeState), "empty " + nameof(NodeState), nameof(NodeHistoryArchive), nameof(NodeHistoryPage), nameof(OperationState), "empty " + nameof(OperationState),
        nameof(NodeIndexState), nameof(OperationIndexState), nameof(NodeNameState), "empty " + nameof(NodeNameState),
    ];

    [Theory]
    [MemberData(nameof(States))]
    public void GeneratedWriter_WritesTheReflectionContractsJson_WhichReadsBack(string name)
    {
        var (state, generated) = Sample(name);

        var reflectionJson = JsonSerializer.Serialize(state, state.GetType(), SiloSerializerOptions.Value);
        var generatedJson = Encoding.UTF8.GetString(WriteGenerated(state, generated));

        Assert.Equal(reflectionJson, generatedJson);
        var readBack = JsonSerializer.Deserialize(generatedJson, state.GetType(), SiloSerializerOptions.Value);
        Assert.Equal(reflectionJson, JsonSerializer.Serialize(readBack, state.GetType(), SiloSerializerOptions.Value));
    }

    [Theory]
    [MemberData(nameof(States))]
    public void GeneratedWriter_IsTheFastPath(string name)
    {
        var (_, generated) = Sample(name);

        // No public API tells whether System.Text.Json calls the generated handler or falls back to its converters.
        var fastPath = typeof(JsonTypeInfo).GetProperty("CanUseSerializeHandler", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("This System.Text.Json has no CanUseSerializeHandler: update the check.");
        Assert.True((bool)fastPath.GetValue(generated)!, $"{generated.Type.Name} is written with converters, not the generated handler.");
    }

    [Fact]
    public void StoredNodeStateWithoutNewerMembers_ReadsBackWithTheirDefaults()
    {
        // A row as an older silo wrote it: only some members, enums as names.
        const string Stored = """{"Exists":true,"Name":"n1","Driver":"fake-hardware","ProvisionState":"Manageable","PowerState":"Off","Version":3}""";

        var state = JsonSerializer.Deserialize<NodeState>(Stored, SiloSerializerOptions.Value)!;
        var written = Encoding.UTF8.GetString(WriteGenerated(state, ProvisioningStateJsonContext.Default.NodeState));

        Assert.Equal(JsonSerializer.Serialize(state, SiloSerializerOptions.Value), written);
        Assert.Contains("\"ProvisionState\":\"Manageable\"", written, StringComparison.Ordinal);
        Assert.Contains("\"History\":[]", written, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredNodeStateWithoutTheOutboxAndKeyedOperations_ReadsThemAsEmptyThroughTheSilosSerializer()
    {
        const string Stored = """{"Exists":true,"Name":"n1","Driver":"fake-hardware","ProvisionState":"Active","PendingCompletions":[],"Version":3}""";

        var state = new GrainStateJsonSerializer([ProvisioningStateJsonContext.Default]).Deserialize<NodeState>(BinaryData.FromString(Stored));

        Assert.NotNull(state.PendingAdvances);
        Assert.Empty(state.PendingAdvances);
        Assert.NotNull(state.KeyedOperations);
        Assert.Empty(state.KeyedOperations);
    }

    [Fact]
    public void NodeProvisioningAndFleetServices_RegisterTheContextOnce()
    {
        var services = new ServiceCollection();

        services.AddNodeProvisioning().AddFleetServices();

        using var provider = services.BuildServiceProvider();
        Assert.Same(ProvisioningStateJsonContext.Default, Assert.Single(provider.GetServices<IJsonTypeInfoResolver>()));
    }

    [Theory]
    [MemberData(nameof(States))]
    public void GrainStorageSerializer_WithTheContext_StoresWhatReflectionStores_AndReadsItBack(string name)
    {
        var (state, _) = Sample(name);
        var withContext = new GrainStateJsonSerializer([ProvisioningStateJsonContext.Default]);
        var reflectionOnly = new GrainStateJsonSerializer([]);

        var stored = withContext.Serialize(state).ToString();

        Assert.Equal(JsonSerializer.Serialize(state, state.GetType(), SiloSerializerOptions.Value), stored);
        Assert.Equal(stored, reflectionOnly.Serialize(state).ToString());
        var readBack = typeof(GrainStateJsonSerializer).GetMethod(nameof(GrainStateJsonSerializer.Deserialize))!
            .MakeGenericMethod(state.GetType()).Invoke(withContext, [BinaryData.FromString(stored)]);
        Assert.Equal(stored, withContext.Serialize(readBack).ToString());
    }

    // The call the silo makes to write state (a stream would take the generated handler only after some writes).
    private static byte[] WriteGenerated(object state, JsonTypeInfo generated) => JsonSerializer.SerializeToUtf8Bytes(state, generated);

    private static (object State, JsonTypeInfo Generated) Sample(string name)
    {
        var context = ProvisioningStateJsonContext.Default;
        return name switch
        {
            nameof(NodeState) => (FullNode(), context.NodeState),
            "empty " + nameof(NodeState) => (new NodeState(), context.NodeState),
            nameof(NodeHistoryArchive) => (new NodeHistoryArchive { Entries = History(), Operations = ["op-1", "op-2"] }, context.NodeHistoryArchive),
            nameof(NodeHistoryPage) => (new NodeHistoryPage { Number = 41, Entries = History() }, context.NodeHistoryPage),
            nameof(OperationState) => (FullOperation(), context.OperationState),
            "empty " + nameof(OperationState) => (new OperationState(), context.OperationState),
            nameof(NodeIndexState) => (new NodeIndexState { Nodes = [View(), View() with { Id = "n2", TargetProvisionState = null }], Sequence = 9 }, context.NodeIndexState),
            nameof(OperationIndexState) => (new OperationIndexState { Operations = [OperationView(), OperationView() with { Id = "op-2", EndedAt = null }] }, context.OperationIndexState),
            nameof(NodeNameState) => (new NodeNameState { NodeId = "n1" }, context.NodeNameState),
            "empty " + nameof(NodeNameState) => (new NodeNameState(), context.NodeNameState),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such sample."),
        };
    }

    private static NodeState FullNode() => new()
    {
        Exists = true,
        Name = "node \"one\" <é>",
        Driver = "fake-hardware",
        DriverInfo = ImmutableDictionary<string, string>.Empty.Add("address", "10.0.0.1").Add("password", "p\\w"),
        Properties = ImmutableDictionary<string, string>.Empty.Add("cpus", "64"),
        ResourceClass = "baremetal.large",
        Traits = ["CUSTOM_GPU", "CUSTOM_NVME"],
        Owner = "team-a",
        Description = "rack 4\nslot 12",
        Extra = ImmutableDictionary<string, string>.Empty.Add("k", "v"),
        InstanceInfo = ImmutableDictionary<string, string>.Empty.Add("image_source", "http://images/x.qcow2"),
        ProvisionState = ProvisionState.Deploying,
        TargetProvisionState = ProvisionState.Active,
        ManualClean = true,
        PowerState = PowerState.On,
        TargetPowerState = PowerState.Off,
        ProvisionUpdatedAt = s_at,
        RecentOperations = ["op-2", "op-1"],
        HistoryPages = 3,
        Maintenance = true,
        MaintenanceReason = "fan",
        PowerSyncArmed = true,
        StepWatchArmed = true,
        PowerSyncFailures = 2,
        LastError = "timed out",
        Queue =
        [
            new PendingNodeOperation("op-2", ProvisionEvent.Deploy, ProvisionState.Active, "key-1")
            {
                Action = OperationAction.Deploy,
                Parameters = ImmutableDictionary<string, string>.Empty.Add("image_source", "http://images/x.qcow2"),
                RequestedBy = "alice",
                TraceId = "0af7651916cd43dd8448eb211c80319c",
            },
            new PendingNodeOperation("op-3", null, ProvisionState.Active, null) { Action = OperationAction.PowerOff },
        ],
        Step = new NodeStep("op-2", 2, 1, NodeStepKind.Clean)
        {
            Deadline = s_at.AddMinutes(5),
            Power = PowerAction.Reboot,
            Image = "http://images/x.qcow2",
            RescuePassword = "secret",
            CleanSteps = [new CleanStep("deploy", "erase_devices")],
        },
        Journal =
        [
            new NodeJournalEntry("op-1", 1, 1, NodeStepKind.WriteImage, NodeJournalEntryState.Done, s_at) { EndedAt = s_at.AddSeconds(3), Message = "ok" },
            new NodeJournalEntry("op-2", 2, 1, NodeStepKind.Clean, NodeJournalEntryState.Started, s_at.ToUniversalTime()),
        ],
        History = History(),
        PendingCompletions = [new OperationCompletion("op-1", OperationStatus.Succeeded, "deployed", null), new OperationCompletion("op-0", OperationStatus.Failed, null, "boom")],
        Version = long.MaxValue,
        CreatedAt = s_at.AddDays(-1),
        UpdatedAt = s_at,
    };

    private static ImmutableList<NodeHistoryEntry> History() =>
    [
        new NodeHistoryEntry(s_at, "provision", "deploy started", ProvisionState.Available, ProvisionState.Deploying, "op-2") { TraceId = "t-1" },
        new NodeHistoryEntry(s_at.AddTicks(1), "power", "power on"),
        new NodeHistoryEntry(new DateTimeOffset(2026, 2, 14, 8, 0, 0, TimeSpan.Zero), "error", "step \"x\" failed", ProvisionState.Deploying, null),
    ];

    private static OperationState FullOperation() => new()
    {
        Exists = true,
        Id = "op-2",
        Request = new OperationRequest("n1", OperationAction.Deploy, new Dictionary<string, string> { ["image_source"] = "http://images/x.qcow2" }, "key-1", "alice", "t-1")
        {
            Callback = new WebhookTarget("http://hooks.example/op", "s3cret"),
        },
        RequestFingerprint = "abc123",
        Status = OperationStatus.Running,
        Progress = new OperationProgress(2, 5, "writing image"),
        Result = "r",
        Error = "e",
        CreatedAt = s_at,
        StartedAt = s_at.AddSeconds(1),
        EndedAt = s_at.AddSeconds(9),
        RunningStepCancellable = false,
        NotCancellableReason = "writing",
        CancellationRequested = true,
        CancellationReason = "operator",
        Version = 7,
        NotificationsPending = true,
        DeliveryAttempts = [new DeliveryAttempt("hook-1", 1, s_at, false, 503, "unavailable"), new DeliveryAttempt("hook-1", 2, s_at.AddSeconds(4), true)],
    };

    private static NodeView View() => new(
        "n1", "node-1", "fake-hardware", ProvisionState.Active, ProvisionState.Available, PowerState.On, true, "err", ["op-1"], s_at, s_at.AddHours(1))
    {
        MaintenanceReason = "fan",
        DriverInfo = new Dictionary<string, string> { ["address"] = "10.0.0.1" },
        Properties = new Dictionary<string, string> { ["cpus"] = "8" },
        ResourceClass = "small",
        Traits = ["CUSTOM_A"],
        Owner = "team-b",
        Description = "d",
        Extra = new Dictionary<string, string> { ["x"] = "y" },
        InstanceInfo = new Dictionary<string, string> { ["image_source"] = "i" },
        TargetPowerState = PowerState.Off,
        ProvisionUpdatedAt = s_at,
        Version = 12,
    };

    private static OperationView OperationView() => new(
        "op-1", "n1", OperationAction.Provide, new Dictionary<string, string> { ["a"] = "b" }, OperationStatus.Succeeded, new OperationProgress(1, 1, null),
        "done", null, s_at, s_at.AddSeconds(1), s_at.AddSeconds(2), "t-1", "alice", "key-9", false, "not now", true,
        [new DeliveryAttempt("hook-2", 1, s_at, true, 200)])
    {
        Version = 4,
        CallbackUrl = "http://hooks.example/op",
    };

    /// <summary>The silo serializer's options (see the runtime's RuntimeSerializer): what every stored grain state row was written with.</summary>
    private static class SiloSerializerOptions
    {
        public static readonly JsonSerializerOptions Value = Create();

        private static JsonSerializerOptions Create()
        {
            var options = new JsonSerializerOptions(JsonSerializerDefaults.General) { IncludeFields = true, Converters = { new JsonStringEnumConverter() } };
            options.MakeReadOnly(populateMissingResolver: true);
            return options;
        }
    }
}
