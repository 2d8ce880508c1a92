using BareMetal.Api.Errors;
using BareMetal.Api.Validation;

namespace BareMetal.Api.Tests;

/// <summary>
/// The limit on all of an action's parameters together, which the host's small test body limit keeps the HTTP tests
/// from reaching (MalformedInputTests covers the per-value and count limits over HTTP).
/// </summary>
public sealed class InputLimitsTests
{
    [Fact]
    public void Parameters_each_under_their_limit_but_over_the_total_are_refused_naming_the_total()
    {
        var parameters = Enumerable.Range(0, 5).ToDictionary(i => $"p{i}", _ => new string('x', InputLimits.MaxParameterValueLength - 16));

        var refused = Assert.Throws<ApiProblemException>(() => InputLimits.CheckParameters(parameters));

        Assert.Equal(400, refused.Status);
        Assert.Contains("16384", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_drive_may_exceed_the_value_limit_up_to_its_own()
    {
        InputLimits.CheckParameters(new Dictionary<string, string> { [InputLimits.ConfigDriveParameter] = new string('c', InputLimits.MaxConfigDriveLength) });

        var refused = Assert.Throws<ApiProblemException>(() =>
            InputLimits.CheckParameters(new Dictionary<string, string> { [InputLimits.ConfigDriveParameter] = new string('c', InputLimits.MaxConfigDriveLength + 1) }));
        Assert.Contains("65536", refused.Message, StringComparison.Ordinal);
    }
}
