using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Fleet;

internal sealed class FleetOptionsValidator : IValidateOptions<FleetOptions>
{
    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        var failures = new List<string>();
        if (options.IndexFlushInterval <= TimeSpan.Zero)
        {
            failures.Add($"{FleetOptions.SectionName}:{nameof(options.IndexFlushInterval)} must be positive (was {options.IndexFlushInterval}).");
        }

        if (options.ChangeFeedCapacity < 1)
        {
            failures.Add($"{FleetOptions.SectionName}:{nameof(options.ChangeFeedCapacity)} must be at least 1 (was {options.ChangeFeedCapacity}).");
        }

        if (options.MaxChangeWait < TimeSpan.Zero)
        {
            failures.Add($"{FleetOptions.SectionName}:{nameof(options.MaxChangeWait)} must not be negative (was {options.MaxChangeWait}).");
        }

        if (options.OperationReconcileAfter <= TimeSpan.Zero)
        {
            failures.Add($"{FleetOptions.SectionName}:{nameof(options.OperationReconcileAfter)} must be positive (was {options.OperationReconcileAfter}).");
        }

        if (options.FinishedOperationsPerShard < 1)
        {
            failures.Add($"{FleetOptions.SectionName}:{nameof(options.FinishedOperationsPerShard)} must be at least 1 (was {options.FinishedOperationsPerShard}).");
        }

        if (options.PersistedFinishedOperationsPerShard < 0)
        {
            failures.Add($"{FleetOptions.SectionName}:{nameof(options.PersistedFinishedOperationsPerShard)} must not be negative (was {options.PersistedFinishedOperationsPerShard}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
