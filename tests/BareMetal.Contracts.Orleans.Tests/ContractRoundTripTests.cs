using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;

namespace BareMetal.Contracts.Orleans.Tests;

/// <summary>
/// Contracts as grains build them (immutable and sorted collections, nullable members set) survive Orleans' serializer
/// and its copier with every member intact; domain exceptions keep their type and data.
/// </summary>
public sealed class ContractRoundTripTests(OrleansSerializerFixture fixture) : IClassFixture<OrleansSerializerFixture>
{
    // Compares whole object graphs by their JSON: records compare collections by reference.
    private static readonly JsonSerializerOptions s_json = new() { Converters = { new JsonStringEnumConverter() } };

    private static readonly DateTimeOffset s_at = new(2026, 12, 7, 1, 2, 3, TimeSpan.FromHours(1));

    public static NodeView SampleNode() => new(
        "node-1", "rack-1-u7", "fake-hardware", ProvisionState.Deploying, ProvisionState.Active, PowerState.On, false, "last error",
        ImmutableList.Create("op-1", "op-2"), s_at, s_at.AddMinutes(5))
    {
        MaintenanceReason = "power failure: timeout",
        DriverInfo = ImmutableDictionary<string, string>.Empty.Add("ipmi_address", "10.0.0.5").Add("ipmi_password", NodeSecrets.Mask),
        Properties = ImmutableDictionary<string, string>.Empty.Add("cpus", "64"),
        ResourceClass = "gpu",
        Traits = ImmutableList.Create("CUSTOM_GPU"),
        Owner = "tenant-a",
        Description = "GPU box",
        Extra = ImmutableDictionary<string, string>.Empty.Add("rack", "1"),
        InstanceInfo = ImmutableDictionary<string, string>.Empty.Add("image_source", "http://images/ubuntu.qcow2"),
        TargetPowerState = PowerState.Off,
        ProvisionUpdatedAt = s_at,
        Version = 42,
    };

    public static OperationView SampleOperation() => new(
        "op-1", "node-1", OperationAction.Deploy, ImmutableDictionary<string, string>.Empty.Add("image_source", "http://images/a"),
        OperationStatus.Running, new OperationProgress(2, 4, "writing image"), null, null, s_at, s_at, null, "trace-1", "admin", "key-1",
        true, null, false, ImmutableList.Create(new DeliveryAttempt("https://hooks/a", 1, s_at, false, 503, "unavailable")))
    {
        Version = 3,
        CallbackUrl = "https://hooks/a",
    };

    public static TheoryData<object> Samples() =>
    [
        SampleNode(),
        SampleOperation(),
        new NodeActionAccepted(SampleOperation(), SampleNode()),
        new NodeActionRequest(OperationAction.PowerOn, ImmutableDictionary<string, string>.Empty, "key-2", "admin", "trace-2", new WebhookTarget("https://hooks/b", "secret")),
        new FleetCounts(
            3,
            new SortedDictionary<string, int>(StringComparer.Ordinal) { ["active"] = 2, ["available"] = 1 },
            new SortedDictionary<string, int>(StringComparer.Ordinal) { ["power on"] = 3 },
            1,
            0,
            2),
        new FleetChangeBatch([new FleetChange(7, "node-1", SampleNode(), s_at), new FleetChange(8, "node-2", null, s_at)], 8, Truncated: true),
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_contract_survives_the_serializer_with_every_member(object sample)
    {
        var copy = fixture.Serializer.Deserialize<object>(fixture.Serializer.SerializeToArray<object>(sample));

        Assert.IsType(sample.GetType(), copy);
        Assert.Equal(JsonSerializer.Serialize(sample, s_json), JsonSerializer.Serialize(copy, s_json));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_contract_survives_the_copier_with_every_member(object sample)
    {
        var copy = fixture.Copier.Copy(sample);

        Assert.Equal(JsonSerializer.Serialize(sample, s_json), JsonSerializer.Serialize(copy, s_json));
    }

    [Fact]
    public void A_refusal_reaches_the_caller_with_its_type_reason_and_conflicting_operation()
    {
        var refused = new NodeRequestRefusedException("node-1", "deploy", "the node is deploying", "op-1");

        var copy = Assert.IsType<NodeRequestRefusedException>(fixture.Serializer.Deserialize<Exception>(fixture.Serializer.SerializeToArray<Exception>(refused)));

        Assert.Equal(refused.Message, copy.Message);
        Assert.Equal("node-1", copy.NodeId);
        Assert.Equal("the node is deploying", copy.Reason);
        Assert.Equal("op-1", copy.ConflictingOperationId);
    }

    [Fact]
    public void A_full_queue_reaches_the_caller_with_its_retry_after()
    {
        var full = new NodeQueueFullException("node-1", 8, TimeSpan.FromSeconds(2));

        var copy = Assert.IsType<NodeQueueFullException>(fixture.Serializer.Deserialize<Exception>(fixture.Serializer.SerializeToArray<Exception>(full)));

        Assert.Equal(("node-1", 8, TimeSpan.FromSeconds(2)), (copy.NodeId, copy.Capacity, copy.RetryAfter));
    }

    [Fact]
    public void An_unknown_node_reaches_the_caller_with_its_id()
    {
        var copy = Assert.IsType<NodeNotFoundException>(
            fixture.Serializer.Deserialize<Exception>(fixture.Serializer.SerializeToArray<Exception>(NodeNotFoundException.ForNode("node-9"))));

        Assert.Equal("node-9", copy.NodeId);
    }
}
