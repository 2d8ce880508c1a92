namespace BareMetal.Runtime.Transport.Tests;

public sealed class TransportOptionsValidatorTests
{
    private readonly TransportOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(_validator.Validate(null, new TransportOptions()).Succeeded);
        Assert.Equal(1, TransportOptions.ProtocolVersion);
        Assert.Equal(16 * 1024 * 1024, new TransportOptions().MaxFrameSize);
        Assert.Equal(TimeSpan.FromSeconds(5), new TransportOptions().HandshakeTimeout);
    }

    [Theory]
    [InlineData("ClusterId")]
    [InlineData("ClusterSecret")]
    [InlineData("MaxFrameSize")]
    [InlineData("HandshakeTimeout")]
    [InlineData("ConnectTimeout")]
    public void Validate_InvalidProperty_FailureNamesIt(string property)
    {
        var options = new TransportOptions { ClusterSecret = "a-long-enough-secret" };
        switch (property)
        {
            case "ClusterId": options.ClusterId = new string('x', 257); break;
            case "ClusterSecret": options.ClusterSecret = "short-secret"; break;
            case "MaxFrameSize": options.MaxFrameSize = 10; break;
            case "HandshakeTimeout": options.HandshakeTimeout = TimeSpan.Zero; break;
            case "ConnectTimeout": options.ConnectTimeout = TimeSpan.FromSeconds(-1); break;
        }

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"TransportOptions.{property} ", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", failure, StringComparison.Ordinal);
    }
}
