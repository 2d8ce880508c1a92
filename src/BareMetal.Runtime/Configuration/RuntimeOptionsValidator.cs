using Microsoft.Extensions.Options;

namespace BareMetal.Configuration;

/// <summary>Validates the runtime's options at start; each failure names the setting.</summary>
internal sealed class RuntimeOptionsValidator :
    IValidateOptions<SiloOptions>,
    IValidateOptions<MessagingOptions>,
    IValidateOptions<SchedulingOptions>,
    IValidateOptions<GrainCollectionOptions>,
    IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options) => Collect(
        string.IsNullOrWhiteSpace(options.ClusterId) ? $"{nameof(SiloOptions)}.{nameof(SiloOptions.ClusterId)} must be set." : null,
        string.IsNullOrWhiteSpace(options.ServiceId) ? $"{nameof(SiloOptions)}.{nameof(SiloOptions.ServiceId)} must be set." : null,
        string.IsNullOrWhiteSpace(options.SiloName) ? $"{nameof(SiloOptions)}.{nameof(SiloOptions.SiloName)} must be set." : null);

    public ValidateOptionsResult Validate(string? name, MessagingOptions options) => Collect(
        Positive(options.ResponseTimeout, nameof(MessagingOptions), nameof(MessagingOptions.ResponseTimeout)),
        Positive(options.TimeoutCheckPeriod, nameof(MessagingOptions), nameof(MessagingOptions.TimeoutCheckPeriod)));

    public ValidateOptionsResult Validate(string? name, SchedulingOptions options) => Collect(
        options.MaxEnqueuedRequests < 1 ? $"{nameof(SchedulingOptions)}.{nameof(SchedulingOptions.MaxEnqueuedRequests)} must be at least 1 (was {options.MaxEnqueuedRequests})." : null,
        options.MaxWorkItemsPerDrain < 1 ? $"{nameof(SchedulingOptions)}.{nameof(SchedulingOptions.MaxWorkItemsPerDrain)} must be at least 1 (was {options.MaxWorkItemsPerDrain})." : null,
        Positive(options.OverloadRetryAfter, nameof(SchedulingOptions), nameof(SchedulingOptions.OverloadRetryAfter)),
        Positive(options.TurnWarningLength, nameof(SchedulingOptions), nameof(SchedulingOptions.TurnWarningLength)));

    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options) => Collect(
        Positive(options.CollectionAge, nameof(GrainCollectionOptions), nameof(GrainCollectionOptions.CollectionAge)),
        Positive(options.CollectionQuantum, nameof(GrainCollectionOptions), nameof(GrainCollectionOptions.CollectionQuantum)),
        Positive(options.ActivationTimeout, nameof(GrainCollectionOptions), nameof(GrainCollectionOptions.ActivationTimeout)),
        Positive(options.DeactivationTimeout, nameof(GrainCollectionOptions), nameof(GrainCollectionOptions.DeactivationTimeout)));

    public ValidateOptionsResult Validate(string? name, ReminderOptions options) => Collect(
        Positive(options.MinimumReminderPeriod, nameof(ReminderOptions), nameof(ReminderOptions.MinimumReminderPeriod)),
        Positive(options.RefreshReminderListPeriod, nameof(ReminderOptions), nameof(ReminderOptions.RefreshReminderListPeriod)));

    private static string? Positive(TimeSpan value, string type, string property) =>
        value > TimeSpan.Zero ? null : $"{type}.{property} must be positive (was {value}).";

    private static ValidateOptionsResult Collect(params string?[] failures)
    {
        var messages = failures.Where(f => f is not null).Select(f => f!).ToList();
        return messages.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(messages);
    }
}
