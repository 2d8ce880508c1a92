using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace BareMetal.Client.Cluster;

/// <summary>
/// Mutual TLS between silos and clients that share a cluster secret, with no certificate authority to run. Each
/// process makes a fresh self-signed certificate whose extension carries an HMAC, keyed by the secret, of the
/// certificate's own public key and the cluster id. A peer is accepted only when that HMAC checks out: without the
/// secret nobody can make such a certificate, and one copied from another process is useless without its private key.
/// </summary>
public static class ClusterSecretTls
{
    // A private-use OID under the UUID arc (ITU-T X.667): no registration needed, and no clash with anyone's.
    private const string ProofOid = "2.25.216349372931417467712372411234587263481";

    /// <summary>Secures a silo's connections (silo to silo and client to gateway) with the cluster secret.</summary>
    public static ISiloBuilder UseClusterSecret(this ISiloBuilder silo, string clusterId, string secret)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.UseTls(options => Configure(options, clusterId, secret));
    }

    /// <summary>Secures a client's gateway connections with the cluster secret.</summary>
    public static IClientBuilder UseClusterSecret(this IClientBuilder client, string clusterId, string secret)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.UseTls(options => Configure(options, clusterId, secret));
    }

    /// <summary>A fresh certificate that proves knowledge of <paramref name="secret"/> for <paramref name="clusterId"/>.</summary>
    public static X509Certificate2 CreateCertificate(string clusterId, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=baremetal-{clusterId}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509Extension(ProofOid, Proof(clusterId, secret, request.PublicKey.ExportSubjectPublicKeyInfo()), critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        // Reloaded from PKCS#12 so that the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Whether <paramref name="certificate"/> was made by a holder of <paramref name="secret"/> for <paramref name="clusterId"/>.</summary>
    public static bool IsClusterCertificate(X509Certificate2? certificate, string clusterId, string secret)
    {
        if (certificate?.Extensions[ProofOid] is not { } extension)
        {
            return false;
        }

        var expected = Proof(clusterId, secret, certificate.PublicKey.ExportSubjectPublicKeyInfo());
        return CryptographicOperations.FixedTimeEquals(expected, extension.RawData);
    }

    private static void Configure(TlsOptions options, string clusterId, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        options.LocalCertificate = CreateCertificate(clusterId, secret);
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // The chain is self-signed by design; what is checked is the proof of the secret, not a certificate authority.
        options.RemoteCertificateValidation = (certificate, _, _) => IsClusterCertificate(certificate, clusterId, secret);
    }

    private static byte[] Proof(string clusterId, string secret, byte[] subjectPublicKeyInfo)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Encoding.UTF8.GetBytes("baremetal cluster certificate"));
        byte[] message = [.. Encoding.UTF8.GetBytes(clusterId), 0, .. subjectPublicKeyInfo];
        return HMACSHA256.HashData(key, message);
    }
}
