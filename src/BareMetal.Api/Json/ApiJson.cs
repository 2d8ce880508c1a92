using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BareMetal.Contracts.Json;
using BareMetal.Contracts.Operations;

namespace BareMetal.Api.Json;

/// <summary>
/// The API's JSON settings: camelCase names, enums as strings (Ironic names for provision and power states), and
/// strict reading: unknown fields, wrong types, missing required fields, duplicate fields and trailing garbage are errors.
/// </summary>
public static class ApiJson
{
    /// <summary>The settings every response and request body uses.</summary>
    public static JsonSerializerOptions Options { get; } = ReadOnly(Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    /// <summary>The metadata of <typeparamref name="T"/> under <see cref="Options"/>, looked up once.</summary>
    /// <typeparam name="T">The type.</typeparam>
    public static JsonTypeInfo<T> TypeInfo<T>() => TypeInfoOf<T>.Value;

    /// <summary>Applies the API's settings to <paramref name="options"/> (also used for the minimal-API JSON options).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.AllowTrailingCommas = false;
        // {"name":"a","name":"b"} means something different to every parser that reads it; refuse it rather than
        // pick one.
        options.AllowDuplicateProperties = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.Converters.Add(new ProvisionStateJsonConverter());
        options.Converters.Add(new PowerStateJsonConverter());
        options.Converters.Add(new OperationActionJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter<OperationStatus>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return options;
    }

    // Fixed from the start (and given the reflection resolver), so that metadata can be looked up ahead of use.
    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static class TypeInfoOf<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
    }
}
