using Microsoft.Extensions.Options;

namespace BareMetal.Api.Ironic;

/// <summary>Checks <see cref="IronicApiOptions"/> at start-up.</summary>
internal sealed class IronicApiOptionsValidator : IValidateOptions<IronicApiOptions>
{
    public ValidateOptionsResult Validate(string? name, IronicApiOptions options)
    {
        var failures = new List<string>();
        if (options.MaxLimit is < 1 or > 100_000)
        {
            failures.Add($"{IronicApiOptions.SectionName}:MaxLimit must be between 1 and 100000 (was {options.MaxLimit}).");
        }

        if (options.PublicEndpoint is { IsAbsoluteUri: false } or { Scheme: not ("http" or "https") })
        {
            failures.Add($"{IronicApiOptions.SectionName}:PublicEndpoint must be an absolute http or https URL (was '{options.PublicEndpoint}').");
        }

        if (string.IsNullOrWhiteSpace(options.ConductorName))
        {
            failures.Add($"{IronicApiOptions.SectionName}:ConductorName must not be empty.");
        }

        if (options.Drivers.Count == 0 || options.Drivers.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{IronicApiOptions.SectionName}:Drivers must name at least one driver and no empty ones.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
