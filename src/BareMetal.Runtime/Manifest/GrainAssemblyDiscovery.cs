using System.Reflection;
using BareMetal.Runtime.Manifest;

namespace BareMetal.Runtime.Manifest;

/// <summary>
/// Finds assemblies carrying generated grain manifests: those already loaded, plus the entry
/// assembly's references (transitively) that reference the runtime abstractions. Runs once at start.
/// </summary>
internal static class GrainAssemblyDiscovery
{
    private static readonly string AbstractionsName = typeof(IGrain).Assembly.GetName().Name!;

    public static IReadOnlyList<Assembly> Discover(IEnumerable<Assembly> explicitAssemblies)
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>(explicitAssemblies.Concat(AppDomain.CurrentDomain.GetAssemblies()));
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            pending.Push(entry);
        }

        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (assembly.IsDynamic || !found.TryAdd(assembly.FullName ?? assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (IsFrameworkName(reference.Name) || found.ContainsKey(reference.FullName))
                {
                    continue;
                }

                try
                {
                    var loaded = Assembly.Load(reference);
                    if (ReferencesAbstractions(loaded))
                    {
                        pending.Push(loaded);
                    }
                }
                catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // A reference that cannot be loaded cannot hold grains we could run either.
                }
            }
        }

        return found.Values.Where(a => a.IsDefined(typeof(GrainManifestProviderAttribute), inherit: false)).ToList();
    }

    private static bool ReferencesAbstractions(Assembly assembly) =>
        assembly.GetName().Name == AbstractionsName
        || assembly.GetReferencedAssemblies().Any(r => r.Name == AbstractionsName);

    private static bool IsFrameworkName(string? name) =>
        name is null || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal)
        || name is "mscorlib" or "netstandard" or "xunit.core" or "xunit.assert" or "xunit.abstractions";
}
