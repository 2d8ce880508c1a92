using System.Net;
using BareMetal.Api.Hosting;
using Microsoft.Extensions.Configuration;

namespace BareMetal.Host;

/// <summary>
/// The host's own settings, read and checked before anything starts: the role, the HTTP addresses and whether dev mode
/// (no API keys) is allowed with them. Every failure is a <see cref="HostConfigurationException"/> naming the setting.
/// </summary>
public sealed class HostSettings
{
    /// <summary>The role setting.</summary>
    public const string RoleSetting = "BareMetal:Role";

    /// <summary>The HTTP addresses setting (a list, or one string with addresses separated by ';').</summary>
    public const string UrlsSetting = ApiOptions.SectionName + ":Urls";

    /// <summary>Where the embedded default keeps its SQLite database (relative to the working directory). Default "data".</summary>
    public const string DataDirectorySetting = "BareMetal:DataDirectory";

    /// <summary>The HTTP address of the embedded default.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private HostSettings(HostRole role, IReadOnlyList<Uri> urls, bool devMode)
    {
        Role = role;
        Urls = urls;
        DevMode = devMode;
    }

    /// <summary>What this process runs.</summary>
    public HostRole Role { get; }

    /// <summary>Where the HTTP server listens.</summary>
    public IReadOnlyList<Uri> Urls { get; }

    /// <summary>Whether no API keys are configured: every request is admin, loopback only.</summary>
    public bool DevMode { get; }

    /// <summary>Reads and checks the settings.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="clustered">Whether the silo joins a cluster (its default HTTP port is then a free one, so that several silos share a machine).</param>
    public static HostSettings Read(IConfiguration configuration, bool clustered)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var roleText = configuration[RoleSetting] ?? "both";
        if (!Enum.TryParse<HostRole>(roleText, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(roleText, out _))
        {
            throw new HostConfigurationException($"{RoleSetting} must be both, silo or gateway (was '{roleText}').");
        }

        var urlTexts = ReadUrls(configuration);
        if (urlTexts.Count == 0)
        {
            urlTexts = [clustered || role == HostRole.Gateway ? "http://127.0.0.1:0" : DefaultUrl];
        }

        var urls = new List<Uri>();
        foreach (var text in urlTexts)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.AbsolutePath != "/")
            {
                throw new HostConfigurationException($"{UrlsSetting} must hold absolute http(s) URLs without a path, such as {DefaultUrl} (was '{text}').");
            }

            urls.Add(url);
        }

        var keys = configuration.GetSection(ApiOptions.SectionName + ":Keys").GetChildren().Any();
        if (!keys && role != HostRole.Silo)
        {
            // Kestrel's own endpoints (Kestrel:Endpoints:<name>:Url) replace the addresses above when configured, so
            // they are judged too; the addresses actually bound are checked again once the server has started.
            var exposed = urls.Where(u => !IsLoopback(u)).Select(u => $"{UrlsSetting} ({u})")
                .Concat(KestrelEndpoints(configuration).Where(e => !IsLoopback(e.Url)).Select(e => $"{e.Setting} ({e.Url})"))
                .ToList();
            if (exposed.Count > 0)
            {
                throw DevModeExposed(string.Join(", ", exposed));
            }
        }

        return new HostSettings(role, urls, !keys);
    }

    /// <summary>The refusal of dev mode on addresses other machines reach (<paramref name="exposed"/> names them and their settings).</summary>
    public static HostConfigurationException DevModeExposed(string exposed) =>
        new($"The API would listen on {exposed}, which is not a loopback address, but no API keys are configured "
            + $"({ApiOptions.SectionName}:Keys). Without keys every request is admin, so the API only listens on loopback: configure keys or listen on 127.0.0.1.");

    /// <summary>Whether <paramref name="url"/> (a URL as configured or as the server reports it) can only be reached from this machine.</summary>
    public static bool IsLoopback(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        // "http://*:80" and "http://+:80" (every interface) are no valid URI, and no loopback either.
        return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && IsLoopback(parsed);
    }

    /// <summary>Whether <paramref name="url"/> can only be reached from this machine.</summary>
    public static bool IsLoopback(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static IEnumerable<(string Setting, string Url)> KestrelEndpoints(IConfiguration configuration) =>
        configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => (Setting: $"Kestrel:Endpoints:{endpoint.Key}:Url", Url: endpoint["Url"]))
            .Where(endpoint => endpoint.Url is not null)
            .Select(endpoint => (endpoint.Setting, endpoint.Url!));

    private static List<string> ReadUrls(IConfiguration configuration)
    {
        var section = configuration.GetSection(UrlsSetting);
        if (section.Value is { } single)
        {
            return single.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        }

        return section.GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0).ToList();
    }
}
