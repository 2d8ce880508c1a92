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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
