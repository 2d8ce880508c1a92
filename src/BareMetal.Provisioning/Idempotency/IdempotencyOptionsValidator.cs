using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Idempotency;

internal sealed class IdempotencyOptionsValidator : IValidateOptions<IdempotencyOptions>
{
    public ValidateOptionsResult Validate(string? name, IdempotencyOptions options) =>
        options.Retention > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{IdempotencyOptions.SectionName}:{nameof(options.Retention)} must be positive (was {options.Retention}).");
}
