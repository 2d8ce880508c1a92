namespace BareMetal.Deployment.Tests;

/// <summary>
/// Reads the block-style YAML subset our compose and collector files use: nested maps, "- item" lists of
/// scalars, quoted and plain scalars, comments. Flow collections ("[a, b]", "{}") are kept as their text.
/// Anything outside the subset (anchors, multi-line strings, list items that are maps) throws, so a file that
/// grows past it is noticed rather than misread.
/// </summary>
internal static class SimpleYaml
{
    public static Dictionary<string, object?> Parse(string text)
    {
        var lines = text.Split('\n')
            .Select(l => StripComment(l.TrimEnd('\r')))
            .Where(l => l.Trim().Length > 0)
            .Select(l => (Indent: l.Length - l.TrimStart(' ').Length, Text: l.Trim()))
            .ToList();
        var position = 0;
        var root = ParseBlock(lines, ref position, 0);
        return root as Dictionary<string, object?> ?? throw new FormatException("The document is not a map.");
    }

    private static object ParseBlock(List<(int Indent, string Text)> lines, ref int position, int indent)
    {
        if (lines[position].Text.StartsWith("- ", StringComparison.Ordinal) || lines[position].Text == "-")
        {
            var list = new List<object?>();
            while (position < lines.Count && lines[position].Indent == indent && lines[position].Text.StartsWith('-'))
            {
                var item = lines[position].Text[1..].Trim();
                if (item.Contains(": ", StringComparison.Ordinal) && !IsQuoted(item))
                {
                    throw new FormatException($"List items that are maps are outside the supported subset: '{item}'.");
                }

                list.Add(Scalar(item));
                position++;
            }

            return list;
        }

        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (position < lines.Count && lines[position].Indent == indent)
        {
            var line = lines[position].Text;
            var colon = KeySeparator(line);
            if (colon < 0)
            {
                throw new FormatException($"Expected 'key: value' at '{line}'.");
            }

            var key = Unquote(line[..colon].Trim());
            var rest = line[(colon + 1)..].Trim();
            if (rest.StartsWith('&') || rest.StartsWith('*') || rest is "|" or ">")
            {
                throw new FormatException($"Anchors, aliases and block scalars are outside the supported subset: '{line}'.");
            }

            position++;
            if (rest.Length > 0)
            {
                map[key] = Scalar(rest);
            }
            else if (position < lines.Count && lines[position].Indent > indent)
            {
                map[key] = ParseBlock(lines, ref position, lines[position].Indent);
            }
            else
            {
                map[key] = null;
            }
        }

        if (position < lines.Count && lines[position].Indent > indent)
        {
            throw new FormatException($"Unexpected indentation at '{lines[position].Text}'.");
        }

        return map;
    }

    // The ": " that ends a key, outside quotes (values such as "5080:5080" or URLs contain colons too).
    private static int KeySeparator(string line) =>
        FirstOutsideQuotes(line, i => line[i] == ':' && (i == line.Length - 1 || line[i + 1] == ' '));

    private static string StripComment(string line)
    {
        var hash = FirstOutsideQuotes(line, i => line[i] == '#' && (i == 0 || line[i - 1] == ' '));
        return hash < 0 ? line : line[..hash];
    }

    // The first position outside single or double quotes where the predicate holds, or -1.
    private static int FirstOutsideQuotes(string line, Func<int, bool> matches)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (matches(i))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsQuoted(string value) => value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0];

    private static string Unquote(string value) => IsQuoted(value) ? value[1..^1] : value;

    private static string Scalar(string value) => Unquote(value);
}
