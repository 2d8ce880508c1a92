using System.Text.Json;
using System.Text.Json.Serialization;
using BareMetal.Provisioning.Fleet;
using BareMetal.Provisioning.Nodes;
using BareMetal.Provisioning.Operations;

namespace BareMetal.Provisioning.Serialization;

/// <summary>
/// Generated JSON writers for the grain states written on every accepted action (node, history archive, operation,
/// fleet indexes). The options are the silo serializer's (names as declared, enums as their names, public fields
/// included), so the JSON is byte for byte what the reflection-based contract writes and stored rows read back either way.
/// Listing a type is enough: its members, and the types they hold, are picked up when the project builds.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General, IncludeFields = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(NodeState))]
[JsonSerializable(typeof(NodeHistoryArchive))]
[JsonSerializable(typeof(NodeHistoryPage))]
[JsonSerializable(typeof(OperationState))]
[JsonSerializable(typeof(NodeIndexState))]
[JsonSerializable(typeof(OperationIndexState))]
[JsonSerializable(typeof(NodeNameState))]
public sealed partial class ProvisioningStateJsonContext : JsonSerializerContext;
