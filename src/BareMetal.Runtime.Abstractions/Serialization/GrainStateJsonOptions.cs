using System.Text.Json.Serialization;

namespace BareMetal.Runtime.Serialization;

/// <summary>
/// Source-generated JSON contexts whose generated writers the silo uses to write the grain state types they list
/// (filled by <c>AddGrainStateJsonContext</c>; validated when the silo starts).
/// </summary>
public sealed class GrainStateJsonOptions
{
    /// <summary>The contexts, first match wins; state types none of them lists are written with the silo serializer's own contract.</summary>
    public IList<JsonSerializerContext> Contexts { get; } = [];
}
