using System.Text;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Transport;

/// <summary>Checks <see cref="TransportOptions"/>; messages name the property and never echo the secret.</summary>
internal sealed class TransportOptionsValidator : IValidateOptions<TransportOptions>
{
    internal const int MaxClusterIdBytes = 256;
    internal const int MinSecretLength = 16;
    internal const int MinFrameSize = 1024;

    public static void ThrowIfInvalid(TransportOptions options)
    {
        var result = new TransportOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TransportOptions), result.Failures);
        }
    }

    public ValidateOptionsResult Validate(string? name, TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{nameof(TransportOptions)}.{nameof(TransportOptions.ClusterId)} must be set.");
        }
        else if (Encoding.UTF8.GetByteCount(options.ClusterId) > MaxClusterIdBytes)
        {
            failures.Add($"{nameof(TransportOptions)}.{nameof(TransportOptions.ClusterId)} must be at most {MaxClusterIdBytes} UTF-8 bytes.");
        }

        if (options.ClusterSecret is null)
        {
            failures.Add($"{nameof(TransportOptions)}.{nameof(TransportOptions.ClusterSecret)} must not be null (use an empty string for dev mode).");
        }
        else if (options.ClusterSecret.Length is > 0 and < MinSecretLength)
        {
            failures.Add($"{nameof(TransportOptions)}.{nameof(TransportOptions.ClusterSecret)} must be empty (dev mode) or at least {MinSecretLength} characters.");
        }

        if (options.MaxFrameSize < MinFrameSize)
        {
            failures.Add($"{nameof(TransportOptions)}.{nameof(TransportOptions.MaxFrameSize)} must be at least {MinFrameSize} bytes.");
        }
        else if (options.MaxFrameSize > int.MaxValue / 2)
        {
            failures.Add($"{nameof(TransportOptions)}.{nameof(TransportOptions.MaxFrameSize)} must be at most {int.MaxValue / 2} bytes.");
        }

        AddIfNotPositive(failures, options.HandshakeTimeout, nameof(TransportOptions.HandshakeTimeout));
        AddIfNotPositive(failures, options.ConnectTimeout, nameof(TransportOptions.ConnectTimeout));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AddIfNotPositive(List<string> failures, TimeSpan value, string property)
    {
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{nameof(TransportOptions)}.{property} must be positive and at most {int.MaxValue} ms.");
        }
    }
}
