using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Redfish;

/// <summary>
/// Builds the primary handler of each Redfish client name (see <see cref="RedfishHttpClientNames"/>) on demand, so a
/// CA bundle named in some node's driver_info gets its own handler without being configured up front.
/// </summary>
internal sealed class RedfishHttpClientConfigurator : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (RedfishHttpClientNames.CheckOf(name) is not { } check)
        {
            return;
        }

        // The driver applies its own per-request deadline (RedfishDriverOptions.RequestTimeout).
        options.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
        options.HttpMessageHandlerBuilderActions.Add(builder => builder.PrimaryHandler = CreateHandler(check));
    }

    private static SocketsHttpHandler CreateHandler(RedfishCertificateCheck check)
    {
        var handler = new SocketsHttpHandler
        {
            // A BMC answers a request; it never needs to send us elsewhere, and credentials must not follow a redirect.
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            // BMCs are small: few connections each, closed when idle so a fleet does not pin thousands of sockets.
            MaxConnectionsPerServer = 4,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        if (!check.Verify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (check.CaBundlePath is { } path)
        {
            var roots = LoadBundle(path);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, roots);
        }

        return handler;
    }

    private static X509Certificate2Collection LoadBundle(string path)
    {
        var roots = new X509Certificate2Collection();
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => f.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".crt", StringComparison.OrdinalIgnoreCase))
            : [path];
        foreach (var file in files)
        {
            roots.ImportFromPemFile(file);
        }

        return roots;
    }

    // Only the bundle's certificates are trusted roots (as with a CA bundle given to curl or requests); the host name
    // must still match.
    private static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
