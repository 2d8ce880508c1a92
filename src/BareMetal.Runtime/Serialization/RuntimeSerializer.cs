using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BareMetal.Runtime.Serialization;

/// <summary>
/// The one serializer of the silo: grain state payloads, deep copies and (in a cluster) message
/// bodies. Grain references serialize as their grain id and interface and come back as live proxies.
/// </summary>
internal sealed class RuntimeSerializer
{
    // The options that decide the shape of the JSON, as the constructor sets them (converters aside).
    private static readonly JsonSerializerOptions s_shape = new(JsonSerializerDefaults.General) { IncludeFields = true };
    private readonly JsonSerializerContext[] _stateContexts;
    private readonly ConcurrentDictionary<Type, JsonTypeInfo> _stateWriteContracts = new();

    public RuntimeSerializer(Lazy<IGrainReferenceResolver> resolver, IEnumerable<JsonSerializerContext>? stateContexts = null)
    {
        Options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            IncludeFields = true,
            Converters = { new JsonStringEnumConverter(), new GrainReferenceJsonConverterFactory(resolver) },
        };
        Options.MakeReadOnly(populateMissingResolver: true);
        _stateContexts = [.. stateContexts ?? []];
        if (_stateContexts.Select(FindIncompatibility).OfType<string>().FirstOrDefault() is { } incompatibility)
        {
            throw new InvalidOperationException(incompatibility);
        }
    }

    public JsonSerializerOptions Options { get; }

    /// <summary>The serializer's contract for <typeparamref name="T"/>; resolve it once and keep it on hot paths.</summary>
    public JsonTypeInfo<T> GetTypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>
    /// The contract that writes grain state of type <typeparamref name="T"/>: the one of the first grain state JSON
    /// context (<see cref="GrainStateJsonOptions"/>) that lists the type, else <see cref="GetTypeInfo{T}"/>. Both write the
    /// same JSON; the generated one does it without the reflection-based converters (state is always read with
    /// <see cref="GetTypeInfo{T}"/>).
    /// </summary>
    public JsonTypeInfo<T> GetStateWriteTypeInfo<T>() =>
        (JsonTypeInfo<T>)_stateWriteContracts.GetOrAdd(typeof(T), static (type, self) => self.FindStateWriteTypeInfo(type), this);

    public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public T? Deserialize<T>(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize<T>(utf8Json, Options);

    private JsonTypeInfo FindStateWriteTypeInfo(Type type)
    {
        // Only the silo serializer writes grain references (and values typed object, which may be one), so a state
        // holding either keeps its reflection-based contract even when a context lists it.
        if (!MayHoldGrainReferences(type, []))
        {
            foreach (var context in _stateContexts)
            {
                if (context.GetTypeInfo(type) is { } generated)
                {
                    return generated;
                }
            }
        }

        return Options.GetTypeInfo(type);
    }

    private bool MayHoldGrainReferences(Type type, HashSet<Type> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!seen.Add(type))
        {
            return false;
        }

        if (type == typeof(object) || typeof(IAddressable).IsAssignableFrom(type))
        {
            return true;
        }

        var contract = Options.GetTypeInfo(type);
        return (contract.ElementType is { } element && MayHoldGrainReferences(element, seen))
            || (contract.KeyType is { } key && MayHoldGrainReferences(key, seen))
            || contract.Properties.Any(property => MayHoldGrainReferences(property.PropertyType, seen));
    }

    /// <summary>Why <paramref name="context"/> would store different JSON from the silo serializer; null when it would not.</summary>
    public static string? FindIncompatibility(JsonSerializerContext context)
    {
        // Rows written by one contract are read by the other, so a context whose options change the JSON is refused outright.
        // Converters in its options would also switch System.Text.Json back from the generated code to the converters.
        ArgumentNullException.ThrowIfNull(context);
        var theirs = context.Options;
        var differences = new List<string>();
        Compare(theirs.IncludeFields, s_shape.IncludeFields, nameof(JsonSerializerOptions.IncludeFields));
        Compare(theirs.PropertyNamingPolicy, s_shape.PropertyNamingPolicy, nameof(JsonSerializerOptions.PropertyNamingPolicy));
        Compare(theirs.DictionaryKeyPolicy, s_shape.DictionaryKeyPolicy, nameof(JsonSerializerOptions.DictionaryKeyPolicy));
        Compare(theirs.DefaultIgnoreCondition, s_shape.DefaultIgnoreCondition, nameof(JsonSerializerOptions.DefaultIgnoreCondition));
        Compare(theirs.IgnoreReadOnlyProperties, s_shape.IgnoreReadOnlyProperties, nameof(JsonSerializerOptions.IgnoreReadOnlyProperties));
        Compare(theirs.IgnoreReadOnlyFields, s_shape.IgnoreReadOnlyFields, nameof(JsonSerializerOptions.IgnoreReadOnlyFields));
        Compare(theirs.NumberHandling, s_shape.NumberHandling, nameof(JsonSerializerOptions.NumberHandling));
        Compare(theirs.Encoder, s_shape.Encoder, nameof(JsonSerializerOptions.Encoder));
        Compare(theirs.WriteIndented, s_shape.WriteIndented, nameof(JsonSerializerOptions.WriteIndented));
        Compare(theirs.ReferenceHandler, s_shape.ReferenceHandler, nameof(JsonSerializerOptions.ReferenceHandler));
        if (theirs.Converters.Count != 0)
        {
            differences.Add(nameof(JsonSerializerOptions.Converters) + " (must be empty; use UseStringEnumConverter for enums)");
        }

        return differences.Count == 0
            ? null
            : $"The grain state JSON context {context.GetType().FullName} would write different JSON from the silo serializer: " +
              $"its options differ in {string.Join(", ", differences)}. Declare it with JsonSerializerDefaults.General, " +
              "IncludeFields = true and UseStringEnumConverter = true, and register its Default instance.";

        void Compare<TValue>(TValue theirValue, TValue ourValue, string name)
        {
            if (!EqualityComparer<TValue>.Default.Equals(theirValue, ourValue))
            {
                differences.Add(name);
            }
        }
    }
}
