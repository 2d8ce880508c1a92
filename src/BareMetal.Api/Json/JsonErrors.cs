using System.Text.Json;
using System.Text.RegularExpressions;

namespace BareMetal.Api.Json;

/// <summary>
/// Says what was wrong with a JSON body in the client's terms. System.Text.Json's messages name .NET types
/// ("could not be converted to System.String", "on type 'CreateNodeBody'") and reader positions, none of which a client
/// sent or can act on; this keeps the field and the kind of mistake.
/// </summary>
public static partial class JsonErrors
{
    /// <summary>A sentence (without final period) saying what was wrong.</summary>
    /// <param name="exception">What the reader or serializer threw.</param>
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var field = FieldOf(exception.Path);
        if (ConvertPattern().Match(message) is { Success: true } convert)
        {
            return $"{Subject(field)} must be {Expected(convert.Groups[1].Value)}";
        }

        if (UnmappedPattern().Match(message) is { Success: true } unmapped)
        {
            return $"'{unmapped.Groups[1].Value}' is not a known field";
        }

        if (MissingPattern().Match(message) is { Success: true } missing)
        {
            return $"required field {missing.Groups[1].Value} is missing";
        }

        if (message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            return field is null ? "a field appears more than once" : $"the field '{field}' appears more than once";
        }

        if (message.Contains("doesn't allow setting null", StringComparison.Ordinal))
        {
            return $"{Subject(field)} must not be null";
        }

        // The reader's own complaints ("'}' is invalid after a value") are about the text and name no type; cut the
        // position suffix. Anything else that would name a type is replaced by a general statement.
        var cut = PositionSuffixPattern().Match(message) is { Success: true } suffix ? message[..suffix.Index] : message;
        cut = cut.TrimEnd(' ', '.');
        return cut.Length == 0 || TypeNamePattern().IsMatch(cut)
            ? $"{Subject(field)} does not have the expected form"
            : cut;
    }

    /// <summary>The field a JSON path names, without the root ("$.parameters.image_source" is "parameters.image_source"); null for the root.</summary>
    public static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string Subject(string? field) => field is null ? "the body" : $"the field '{field}'";

    private static string Expected(string typeName) => typeName switch
    {
        "System.String" => "a string",
        "System.Boolean" => "true or false",
        "System.Int32" or "System.Int64" or "System.UInt32" or "System.UInt64" or "System.Int16" or "System.Byte" => "an integer",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Guid" => "a UUID string",
        "System.DateTimeOffset" or "System.DateTime" => "a date and time string (ISO 8601)",
        "System.TimeSpan" => "a duration string (hh:mm:ss)",
        _ when typeName.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "an object",
        _ when typeName.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) || typeName.EndsWith("[]", StringComparison.Ordinal) => "an array",
        _ when typeName.StartsWith("System.Nullable`1[[System.Boolean", StringComparison.Ordinal) => "true, false or null",
        _ when typeName.StartsWith("System.Nullable", StringComparison.Ordinal) => "a value of the documented type, or null",
        _ => "a value of the documented type",
    };

    [GeneratedRegex(@"could not be converted to (\S+?)\.?(?: Path:|$)")]
    private static partial Regex ConvertPattern();

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedPattern();

    [GeneratedRegex(@"missing required properties including: (.+?)\.?$")]
    private static partial Regex MissingPattern();

    [GeneratedRegex(@" (?:Path: |LineNumber: |BytePositionInLine: )")]
    private static partial Regex PositionSuffixPattern();

    [GeneratedRegex(@"System\.|BareMetal\.|type '|Exception|\.NET")]
    private static partial Regex TypeNamePattern();
}
