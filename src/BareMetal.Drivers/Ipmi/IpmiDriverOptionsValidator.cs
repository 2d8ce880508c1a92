using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Ipmi;

/// <summary>Rejects settings that would make the ipmi driver unusable, naming the property and its value.</summary>
internal sealed class IpmiDriverOptionsValidator : IValidateOptions<IpmiDriverOptions>
{
    public ValidateOptionsResult Validate(string? name, IpmiDriverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.IpmitoolPath))
        {
            failures.Add($"{nameof(IpmiDriverOptions)}.{nameof(options.IpmitoolPath)} must name the ipmitool executable.");
        }

        if (options.MaxConcurrentProcesses is < 1 or > 1024)
        {
            failures.Add($"{nameof(IpmiDriverOptions)}.{nameof(options.MaxConcurrentProcesses)} must be between 1 and 1024; it is {options.MaxConcurrentProcesses}.");
        }

        if (options.MaxConcurrentNativeRequests is < 1 or > 4096)
        {
            failures.Add($"{nameof(IpmiDriverOptions)}.{nameof(options.MaxConcurrentNativeRequests)} must be between 1 and 4096; it is {options.MaxConcurrentNativeRequests}.");
        }

        if (!Enum.IsDefined(options.PowerStatusClient))
        {
            failures.Add($"{nameof(IpmiDriverOptions)}.{nameof(options.PowerStatusClient)} must be Native or Ipmitool; it is {options.PowerStatusClient}.");
        }

        CheckPositive(options.NativeSessionIdleTimeout, nameof(options.NativeSessionIdleTimeout), failures);
        CheckPositive(options.CommandTimeout, nameof(options.CommandTimeout), failures);
        CheckPositive(options.PowerStatePollInterval, nameof(options.PowerStatePollInterval), failures);
        if (options.CommandRetryTimeout < TimeSpan.Zero || options.CommandRetryTimeout == Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{nameof(IpmiDriverOptions)}.{nameof(options.CommandRetryTimeout)} must be zero (no retries) or positive; it is {options.CommandRetryTimeout}.");
        }

        if (options.MinCommandInterval < TimeSpan.Zero || options.MinCommandInterval == Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{nameof(IpmiDriverOptions)}.{nameof(options.MinCommandInterval)} must be zero or positive; it is {options.MinCommandInterval}.");
        }

        if (options.DefaultCipherSuite is { } suite && suite is < 0 or > 17)
        {
            failures.Add($"{nameof(IpmiDriverOptions)}.{nameof(options.DefaultCipherSuite)} must be an IPMI cipher suite id (0-17) or unset; it is {suite}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPositive(TimeSpan value, string property, List<string> failures)
    {
        if (value <= TimeSpan.Zero || value == Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{nameof(IpmiDriverOptions)}.{property} must be positive; it is {value}.");
        }
    }
}
