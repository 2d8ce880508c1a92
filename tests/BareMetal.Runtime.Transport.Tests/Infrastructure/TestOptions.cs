namespace BareMetal.Runtime.Transport.Tests.Infrastructure;

internal static class TestOptions
{
    public const string Secret = "correct horse battery staple";

    public static TransportOptions Create(string clusterId = "transport-tests", string secret = Secret) => new()
    {
        ClusterId = clusterId,
        ClusterSecret = secret,
    };
}
