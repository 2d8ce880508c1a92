using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Simulated;

/// <summary>Rejects negative latencies and a non-positive callback timeout, naming the property.</summary>
internal sealed class SimulatedDriverOptionsValidator : IValidateOptions<SimulatedDriverOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatedDriverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        CheckLatency(options.PowerLatency, nameof(options.PowerLatency), failures);
        CheckLatency(options.PowerReadLatency, nameof(options.PowerReadLatency), failures);
        CheckLatency(options.ImageWriteLatency, nameof(options.ImageWriteLatency), failures);
        CheckLatency(options.CleanLatency, nameof(options.CleanLatency), failures);
        CheckLatency(options.TearDownLatency, nameof(options.TearDownLatency), failures);
        CheckLatency(options.ValidateLatency, nameof(options.ValidateLatency), failures);
        CheckLatency(options.RamdiskLatency, nameof(options.RamdiskLatency), failures);
        CheckLatency(options.InspectLatency, nameof(options.InspectLatency), failures);
        CheckLatency(options.RescueLatency, nameof(options.RescueLatency), failures);
        if (options.DeployCallbackTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SimulatedDriverOptions)}.{nameof(options.DeployCallbackTimeout)} must be positive; it is {options.DeployCallbackTimeout}.");
        }

        if (options.RequiredDriverInfoKeys.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{nameof(SimulatedDriverOptions)}.{nameof(options.RequiredDriverInfoKeys)} must not contain empty keys.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckLatency(TimeSpan value, string property, List<string> failures)
    {
        if (value < TimeSpan.Zero || value == Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{nameof(SimulatedDriverOptions)}.{property} must be zero or positive; it is {value}.");
        }
    }
}
