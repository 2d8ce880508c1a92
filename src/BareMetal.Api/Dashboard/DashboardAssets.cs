using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Dashboard;

/// <summary>The dashboard's page, script, style and icon, embedded in this assembly (no CDN, no build step).</summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, string> s_contentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
        ["icon.svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, byte[]> s_files = s_contentTypes.Keys.ToFrozenDictionary(name => name, Load, StringComparer.Ordinal);

    public static IResult Serve(string? file)
    {
        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        return s_files.TryGetValue(name, out var content)
            ? Results.Bytes(content, s_contentTypes[name])
            : Results.NotFound();
    }

    private static byte[] Load(string name)
    {
        var assembly = typeof(DashboardAssets).Assembly;
        using var stream = assembly.GetManifestResourceStream("BareMetal.Api.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The dashboard asset '{name}' is not embedded in {assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
