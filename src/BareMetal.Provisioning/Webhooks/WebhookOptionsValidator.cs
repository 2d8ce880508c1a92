using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Webhooks;

internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultSecret is { } secret && secret.Length < WebhookOptions.MinimumSecretLength)
        {
            failures.Add($"{WebhookOptions.SectionName}:{nameof(options.DefaultSecret)} must have at least {WebhookOptions.MinimumSecretLength} characters.");
        }

        Positive(failures, options.FirstRetryDelay, nameof(options.FirstRetryDelay));
        Positive(failures, options.MaxRetryDelay, nameof(options.MaxRetryDelay));
        Positive(failures, options.RequestTimeout, nameof(options.RequestTimeout));
        Positive(failures, options.ReminderPeriod, nameof(options.ReminderPeriod));
        if (!(options.BackoffFactor >= 1))
        {
            failures.Add($"{WebhookOptions.SectionName}:{nameof(options.BackoffFactor)} must be at least 1 (was {options.BackoffFactor}).");
        }

        if (options.MaxAttempts < 1)
        {
            failures.Add($"{WebhookOptions.SectionName}:{nameof(options.MaxAttempts)} must be at least 1 (was {options.MaxAttempts}).");
        }

        if (options.HistoryPerSubscription < 1)
        {
            failures.Add($"{WebhookOptions.SectionName}:{nameof(options.HistoryPerSubscription)} must be at least 1 (was {options.HistoryPerSubscription}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, TimeSpan value, string property)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{WebhookOptions.SectionName}:{property} must be positive (was {value}).");
        }
    }
}
