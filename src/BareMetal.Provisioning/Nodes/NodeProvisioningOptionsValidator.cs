using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Nodes;

internal sealed class NodeProvisioningOptionsValidator : IValidateOptions<NodeProvisioningOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeProvisioningOptions options)
    {
        var failures = new List<string>();
        if (options.QueueCapacity < 1)
        {
            failures.Add($"{NodeProvisioningOptions.SectionName}:{nameof(options.QueueCapacity)} must be at least 1 (was {options.QueueCapacity}).");
        }

        if (options.HistoryCapacity < 1)
        {
            failures.Add($"{NodeProvisioningOptions.SectionName}:{nameof(options.HistoryCapacity)} must be at least 1 (was {options.HistoryCapacity}).");
        }

        if (options.QueueFullRetryAfter <= TimeSpan.Zero)
        {
            failures.Add($"{NodeProvisioningOptions.SectionName}:{nameof(options.QueueFullRetryAfter)} must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultImage))
        {
            failures.Add($"{NodeProvisioningOptions.SectionName}:{nameof(options.DefaultImage)} must not be empty.");
        }

        Positive(failures, options.DeployCallbackTimeout, nameof(options.DeployCallbackTimeout));
        Positive(failures, options.CleanTimeout, nameof(options.CleanTimeout));
        Positive(failures, options.VerifyTimeout, nameof(options.VerifyTimeout));
        Positive(failures, options.PowerActionTimeout, nameof(options.PowerActionTimeout));
        Positive(failures, options.SoftPowerOffTimeout, nameof(options.SoftPowerOffTimeout));
        Positive(failures, options.InspectTimeout, nameof(options.InspectTimeout));
        Positive(failures, options.RescueTimeout, nameof(options.RescueTimeout));
        if (options.RecentOperationsCapacity < 1)
        {
            failures.Add($"{NodeProvisioningOptions.SectionName}:{nameof(options.RecentOperationsCapacity)} must be at least 1 (was {options.RecentOperationsCapacity}).");
        }

        Positive(failures, options.TimeoutCheckInterval, nameof(options.TimeoutCheckInterval));
        Positive(failures, options.PowerSyncInterval, nameof(options.PowerSyncInterval));
        if (options.StepReportAttempts < 1)
        {
            failures.Add($"{NodeProvisioningOptions.SectionName}:{nameof(options.StepReportAttempts)} must be at least 1 (was {options.StepReportAttempts}).");
        }

        Positive(failures, options.StepReportRetryDelay, nameof(options.StepReportRetryDelay));
        Positive(failures, options.StepFenceLease, nameof(options.StepFenceLease));
        Positive(failures, options.SideCallTimeout, nameof(options.SideCallTimeout));
        if (options.PowerSyncMaxFailures < 1)
        {
            failures.Add($"{NodeProvisioningOptions.SectionName}:{nameof(options.PowerSyncMaxFailures)} must be at least 1 (was {options.PowerSyncMaxFailures}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Unlike Ironic, zero does not disable a timeout: a step must never stay pending forever.
    private static void Positive(List<string> failures, TimeSpan value, string property)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{NodeProvisioningOptions.SectionName}:{property} must be positive (was {value}).");
        }
    }
}
