using System.Collections;
using System.Reflection;

namespace BareMetal.Deployment.Tests;

/// <summary>
/// The configuration keys the host understands, found the way the host binds them: every options class with a
/// <c>SectionName</c> constant (its settable properties, nested option objects, list items by index and dictionary
/// entries), plus the keys the host reads directly (constants whose names end in "Setting").
/// </summary>
internal sealed class SettingsCatalog
{
    private readonly List<(string Section, Type Options)> _sections = [];
    private readonly HashSet<string> _plainKeys = new(StringComparer.OrdinalIgnoreCase);

    public SettingsCatalog(IEnumerable<Assembly> assemblies, IReadOnlyDictionary<string, string> sectionPrefixes)
    {
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string)))
            {
                var value = (string)field.GetRawConstantValue()!;
                if (field.Name == "SectionName")
                {
                    var prefix = sectionPrefixes.TryGetValue(type.Name, out var p) ? p : string.Empty;
                    _sections.Add((prefix + value, type));
                }
                else if (field.Name.EndsWith("Setting", StringComparison.Ordinal))
                {
                    _plainKeys.Add(value);
                }
            }
        }
    }

    /// <summary>How many options sections were found (a sanity check for the test itself).</summary>
    public int SectionCount => _sections.Count;

    /// <summary>Whether the host binds or reads <paramref name="key"/> (":"-separated, case-insensitive).</summary>
    public bool Knows(string key)
    {
        if (_plainKeys.Any(k => key.Equals(k, StringComparison.OrdinalIgnoreCase) || IsListItemOf(key, k)))
        {
            return true;
        }

        foreach (var (section, options) in _sections)
        {
            if (key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase)
                && Resolves(options, key[(section.Length + 1)..].Split(':')))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsListItemOf(string key, string listKey) =>
        key.StartsWith(listKey + ":", StringComparison.OrdinalIgnoreCase) && int.TryParse(key[(listKey.Length + 1)..], out _);

    private static bool Resolves(Type type, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty)
        {
            return true;
        }

        var name = path[0];
        var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        return property is not null && ResolvesValue(property.PropertyType, path[1..]);
    }

    private static bool ResolvesValue(Type type, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty)
        {
            return true;
        }

        if (type.IsGenericType && type.GetGenericArguments() is { Length: 2 } pair && typeof(IEnumerable).IsAssignableFrom(type))
        {
            // A dictionary: any key, then the value's own shape.
            return ResolvesValue(pair[1], path[1..]);
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var item = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().FirstOrDefault() ?? typeof(object);
            return int.TryParse(path[0], out _) && ResolvesValue(item, path[1..]);
        }

        return type.IsClass && type != typeof(string) && type != typeof(Uri) && Resolves(type, path);
    }
}
