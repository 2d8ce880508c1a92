using BareMetal.Api.Errors;

namespace BareMetal.Api.Validation;

/// <summary>
/// How large the parts of a request may be, on the native and the Ironic API alike. A value stored on a node is copied
/// into its index shard, its operations, its history and every webhook delivery, so the limits are per field, well
/// under the body limit. Exceeding one is a 400 naming the field and the limit; docs/api.md lists them.
/// </summary>
public static class InputLimits
{
    /// <summary>A webhook or callback URL.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>How many parameters one action may carry.</summary>
    public const int MaxParameterCount = 32;

    /// <summary>A parameter's name.</summary>
    public const int MaxParameterNameLength = 255;

    /// <summary>A parameter's value (image_source, clean_steps, reason, ...), except the config drive.</summary>
    public const int MaxParameterValueLength = 4096;

    /// <summary>The config drive of a deploy (Ironic's "configdrive": cloud-init data, usually gzipped and base64).</summary>
    public const int MaxConfigDriveLength = 64 * 1024;

    /// <summary>All names and values of an action's parameters together, the config drive not counted.</summary>
    public const int MaxParametersTotalLength = 16 * 1024;

    /// <summary>Free text: a node's description, a maintenance reason, a webhook's description.</summary>
    public const int MaxFreeTextLength = 4096;

    /// <summary>Short text fields: owner, resource class, a trait.</summary>
    public const int MaxShortTextLength = 255;

    /// <summary>How many entries a map of a node (driver info, properties, extra) may hold, and how many traits.</summary>
    public const int MaxMapEntries = 128;

    /// <summary>A key of a node's map.</summary>
    public const int MaxMapKeyLength = 255;

    /// <summary>A value of a node's map.</summary>
    public const int MaxMapValueLength = 4096;

    /// <summary>The config drive's parameter name (Ironic's).</summary>
    public const string ConfigDriveParameter = "configdrive";

    /// <summary>Refuses a URL longer than <see cref="MaxUrlLength"/>.</summary>
    public static void CheckUrl(string url, string field)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Length > MaxUrlLength)
        {
            throw TooLong(field, url.Length, MaxUrlLength);
        }
    }

    /// <summary>Refuses a text longer than <paramref name="max"/> characters; null passes.</summary>
    public static void CheckText(string? text, string field, int max)
    {
        if (text is not null && text.Length > max)
        {
            throw TooLong(field, text.Length, max);
        }
    }

    /// <summary>
    /// Refuses too many parameters, a name or value too long, or too much in all. <paramref name="field"/> is the
    /// object holding them ("parameters"), or null when they are fields of the body itself (Ironic's provision request).
    /// </summary>
    public static void CheckParameters(IReadOnlyDictionary<string, string>? parameters, string? field = "parameters")
    {
        if (parameters is null)
        {
            return;
        }

        if (parameters.Count > MaxParameterCount)
        {
            throw Problem($"The {(field is null ? "request" : $"field '{field}'")} has {parameters.Count} parameters; at most {MaxParameterCount} are allowed.");
        }

        var total = 0;
        foreach (var (name, value) in parameters)
        {
            var qualified = field is null ? name : $"{field}.{name}";
            CheckText(name, $"{field ?? "parameter"} (a parameter name)", MaxParameterNameLength);
            if (name == ConfigDriveParameter)
            {
                CheckText(value, qualified, MaxConfigDriveLength);
                continue;
            }

            CheckText(value, qualified, MaxParameterValueLength);
            total += name.Length + value.Length;
        }

        if (total > MaxParametersTotalLength)
        {
            throw Problem($"The parameters hold {total} characters of names and values; at most {MaxParametersTotalLength} are allowed in all.");
        }
    }

    /// <summary>Refuses a map of a node with too many entries, or a key or value too long.</summary>
    public static void CheckMap(IReadOnlyDictionary<string, string>? map, string field)
    {
        if (map is null)
        {
            return;
        }

        if (map.Count > MaxMapEntries)
        {
            throw Problem($"The field '{field}' has {map.Count} entries; at most {MaxMapEntries} are allowed.");
        }

        foreach (var (key, value) in map)
        {
            CheckText(key, $"{field} (a key)", MaxMapKeyLength);
            CheckText(value, $"{field}.{key}", MaxMapValueLength);
        }
    }

    /// <summary>Refuses too many traits or a trait too long.</summary>
    public static void CheckTraits(IReadOnlyCollection<string>? traits, string field)
    {
        if (traits is null)
        {
            return;
        }

        if (traits.Count > MaxMapEntries)
        {
            throw Problem($"The field '{field}' has {traits.Count} entries; at most {MaxMapEntries} are allowed.");
        }

        foreach (var trait in traits)
        {
            CheckText(trait, $"{field} (a trait)", MaxShortTextLength);
        }
    }

    /// <summary>Refuses the node fields a client sets (create and edit) when one exceeds its limit.</summary>
    public static void CheckNodeFields(
        IReadOnlyDictionary<string, string>? driverInfo,
        IReadOnlyDictionary<string, string>? properties,
        IReadOnlyDictionary<string, string>? extra,
        IReadOnlyCollection<string>? traits,
        string? resourceClass,
        string? owner,
        string? description,
        Func<string, string> fieldName)
    {
        ArgumentNullException.ThrowIfNull(fieldName);
        CheckMap(driverInfo, fieldName("driverInfo"));
        CheckMap(properties, fieldName("properties"));
        CheckMap(extra, fieldName("extra"));
        CheckTraits(traits, fieldName("traits"));
        CheckText(resourceClass, fieldName("resourceClass"), MaxShortTextLength);
        CheckText(owner, fieldName("owner"), MaxShortTextLength);
        CheckText(description, fieldName("description"), MaxFreeTextLength);
    }

    private static ApiProblemException TooLong(string field, int length, int max) =>
        Problem($"The field '{field}' is {length} characters long; at most {max} are allowed.");

    private static ApiProblemException Problem(string detail) => new(400, "input-too-large", "Input too large", detail);
}
