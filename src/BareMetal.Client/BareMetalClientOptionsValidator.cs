using Microsoft.Extensions.Options;

namespace BareMetal.Client;

/// <summary>Checks <see cref="BareMetalClientOptions"/>; every failure names the setting.</summary>
public sealed class BareMetalClientOptionsValidator : IValidateOptions<BareMetalClientOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BareMetalClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Problems(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>What is wrong with <paramref name="options"/>; empty when they are valid.</summary>
    public static IReadOnlyList<string> Problems(BareMetalClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = BareMetalClientOptions.SectionName;
        if (options.BaseAddress is not { IsAbsoluteUri: true } address || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{section}:BaseAddress must be an absolute http or https URL such as http://127.0.0.1:5080 (was '{options.BaseAddress}').");
        }

        if (options.ApiKey is { Length: 0 })
        {
            failures.Add($"{section}:ApiKey must not be empty: leave it unset for dev mode.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:RequestTimeout must be positive.");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            failures.Add($"{section}:MaxRetries must be from 0 to 20 (was {options.MaxRetries}).");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryBaseDelay)
        {
            failures.Add($"{section}:RetryBaseDelay must be non-negative and at most MaxRetryDelay.");
        }

        if (options.LongPollTimeout <= TimeSpan.Zero || options.LongPollTimeout > TimeSpan.FromSeconds(60))
        {
            failures.Add($"{section}:LongPollTimeout must be more than 0 and at most 60 s (the server's limit).");
        }

        return failures;
    }
}
