using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Redfish;

/// <summary>Rejects <see cref="RedfishDriverOptions"/> the driver cannot work with, naming the setting.</summary>
internal sealed class RedfishDriverOptionsValidator : IValidateOptions<RedfishDriverOptions>
{
    private static readonly TimeSpan s_longestRequest = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, RedfishDriverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var prefix = "BareMetal:" + RedfishDriverOptions.SectionName + ":";
        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > s_longestRequest)
        {
            failures.Add($"{prefix}{nameof(options.RequestTimeout)} must be above zero and at most {s_longestRequest} (was {options.RequestTimeout}).");
        }

        if (options.MaxConcurrentRequests is < 1 or > 10_000)
        {
            failures.Add($"{prefix}{nameof(options.MaxConcurrentRequests)} must be between 1 and 10000 (was {options.MaxConcurrentRequests}).");
        }

        if (options.PowerStatePollInterval <= TimeSpan.Zero || options.PowerStatePollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{prefix}{nameof(options.PowerStatePollInterval)} must be above zero and at most 1 minute (was {options.PowerStatePollInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
