using System.Text.Json.Serialization;

namespace BareMetal.Runtime.Serialization;

/// <summary>
/// A source-generated JSON context registered to write grain state (see <c>AddGrainStateJsonContext</c>). It is a
/// type of its own so that the silo can tell its grain-state contexts apart from any other context in the container.
/// </summary>
/// <param name="Context">The generated context; its options must give the same JSON as the silo serializer.</param>
internal sealed record GrainStateJsonContext(JsonSerializerContext Context);
