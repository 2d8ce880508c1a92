using BareMetal.Api.Security;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Hosting;

/// <summary>Checks <see cref="ApiOptions"/> at start; every failure names the setting.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        if (options.MaxRequestBodyBytes < 1024)
        {
            failures.Add($"{ApiOptions.SectionName}:MaxRequestBodyBytes must be at least 1024 (was {options.MaxRequestBodyBytes}).");
        }

        if (options.RateLimit.PermitsPerSecond < 1)
        {
            failures.Add($"{ApiOptions.SectionName}:RateLimit:PermitsPerSecond must be at least 1 (was {options.RateLimit.PermitsPerSecond}).");
        }

        if (options.RateLimit.Burst < 1)
        {
            failures.Add($"{ApiOptions.SectionName}:RateLimit:Burst must be at least 1 (was {options.RateLimit.Burst}).");
        }

        if (options.MaxLongPollTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{ApiOptions.SectionName}:MaxLongPollTimeout must be positive.");
        }

        if (options.IdempotencyLease <= TimeSpan.Zero)
        {
            failures.Add($"{ApiOptions.SectionName}:IdempotencyLease must be positive.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var setting = $"{ApiOptions.SectionName}:Keys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"{setting}:Name must be set.");
            }
            else if (!names.Add(key.Name))
            {
                failures.Add($"{setting}:Name '{key.Name}' is used by another key.");
            }

            if (string.IsNullOrEmpty(key.Key) || key.Key.Length < 16)
            {
                failures.Add($"{setting}:Key must be at least 16 characters.");
            }
            else if (!keys.Add(key.Key))
            {
                failures.Add($"{setting}:Key is the same as another key's.");
            }

            if (!ApiRoles.TryParse(key.Role, out _))
            {
                failures.Add($"{setting}:Role must be reader, operator or admin (was '{key.Role}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
