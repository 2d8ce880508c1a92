namespace BareMetal.Cli.Commands;

/// <summary>Parses repeated "key=value" options.</summary>
internal static class KeyValues
{
    public static Dictionary<string, string>? Parse(string[]? pairs, string option)
    {
        if (pairs is null || pairs.Length == 0)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var cut = pair.IndexOf('=', StringComparison.Ordinal);
            if (cut <= 0)
            {
                throw new UsageException($"{option} takes key=value (was '{pair}').");
            }

            values[pair[..cut]] = pair[(cut + 1)..];
        }

        return values;
    }
}
