using BareMetal.Runtime.Membership;

namespace BareMetal.Runtime.Tests.Membership;

public sealed class MembershipOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid_AndMatchTheDesign()
    {
        var options = new MembershipOptions();

        Assert.True(new MembershipOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ProbePeriod);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ProbeTimeout);
        Assert.Equal(2, options.MissedProbesLimit);
        Assert.Equal(2, options.VotesNeededToDeclareDead);
        Assert.Equal(TimeSpan.FromSeconds(10), options.VoteExpiration);
        Assert.Equal(TimeSpan.FromSeconds(2), options.IAmAlivePeriod);
        Assert.Equal(TimeSpan.FromSeconds(1), options.TableRefreshPeriod);
        Assert.Equal(TimeSpan.FromSeconds(10), options.DeathByHeartbeatAge);
        Assert.Equal(TimeSpan.FromHours(1), options.DefunctSiloCleanupAge);
    }

    [Theory]
    [InlineData(nameof(MembershipOptions.ProbePeriod))]
    [InlineData(nameof(MembershipOptions.ProbeTimeout))]
    [InlineData(nameof(MembershipOptions.VoteExpiration))]
    [InlineData(nameof(MembershipOptions.IAmAlivePeriod))]
    [InlineData(nameof(MembershipOptions.TableRefreshPeriod))]
    [InlineData(nameof(MembershipOptions.DeathByHeartbeatAge))]
    [InlineData(nameof(MembershipOptions.DefunctSiloCleanupAge))]
    public void ZeroDuration_FailsNamingTheProperty(string property)
    {
        var options = new MembershipOptions();
        typeof(MembershipOptions).GetProperty(property)!.SetValue(options, TimeSpan.Zero);

        var result = new MembershipOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"MembershipOptions.{property} must be positive", result.FailureMessage);
    }

    [Theory]
    [InlineData(nameof(MembershipOptions.MissedProbesLimit))]
    [InlineData(nameof(MembershipOptions.VotesNeededToDeclareDead))]
    public void ZeroCount_FailsNamingTheProperty(string property)
    {
        var options = new MembershipOptions();
        typeof(MembershipOptions).GetProperty(property)!.SetValue(options, 0);

        var result = new MembershipOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"MembershipOptions.{property} must be at least 1", result.FailureMessage);
    }

    [Fact]
    public void HeartbeatAgeNotAboveHeartbeatPeriod_FailsNamingBoth()
    {
        var options = new MembershipOptions { IAmAlivePeriod = TimeSpan.FromSeconds(10), DeathByHeartbeatAge = TimeSpan.FromSeconds(10) };

        var result = new MembershipOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("MembershipOptions.DeathByHeartbeatAge", result.FailureMessage);
        Assert.Contains("MembershipOptions.IAmAlivePeriod", result.FailureMessage);
    }
}
