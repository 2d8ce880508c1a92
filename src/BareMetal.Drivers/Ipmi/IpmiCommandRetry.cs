using System.Globalization;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;

namespace BareMetal.Drivers.Ipmi;

/// <summary>
/// Ironic's retry rules for one IPMI command, whichever client carries it: transient failures (no answer, BMC busy)
/// are retried every <see cref="IpmiDriverOptions.MinCommandInterval"/> within
/// <see cref="IpmiDriverOptions.CommandRetryTimeout"/>; anything else fails at once, so a wrong password is tried
/// once per call and cannot lock the BMC account.
/// </summary>
internal sealed partial class IpmiCommandRetry(IpmiDriverOptions options, TimeProvider timeProvider, ILogger logger)
{
    // Used by the source-generated log methods.
    private readonly ILogger _logger = logger;

    /// <summary>Runs <paramref name="attempt"/> until it succeeds or fails for good.</summary>
    /// <param name="nodeId">The node, for logs and the exception.</param>
    /// <param name="info">The node's BMC, for messages.</param>
    /// <param name="command">What is done, in ipmitool's words ("power status"), for messages.</param>
    /// <param name="client">What carries it ("ipmitool", "native IPMI"), for logs.</param>
    /// <param name="attempt">One try: a value, or why it failed.</param>
    /// <param name="cancellationToken">Stops waiting and retrying.</param>
    /// <exception cref="DriverException">The command failed; the message says why, for operators.</exception>
    public async Task<T> RunAsync<T>(
        string nodeId,
        IpmiDriverInfo info,
        string command,
        string client,
        Func<CancellationToken, Task<(T Value, IpmiFailure? Failure)>> attempt,
        CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + options.CommandRetryTimeout;
        for (var number = 1; ; number++)
        {
            var (value, failure) = await attempt(cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return value;
            }

            if (!failure.Retryable || timeProvider.GetUtcNow() + options.MinCommandInterval >= deadline)
            {
                LogCommandFailed(nodeId, client, command, info.Endpoint, number, failure.Kind, failure.Detail);
                throw new DriverException(nodeId, Describe(info, command, failure, number));
            }

            LogCommandRetried(nodeId, client, command, info.Endpoint, number, failure.Kind, failure.Detail);
            if (options.MinCommandInterval > TimeSpan.Zero)
            {
                await Task.Delay(options.MinCommandInterval, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Describe(IpmiDriverInfo info, string command, IpmiFailure failure, int attempts)
    {
        var tries = attempts == 1 ? string.Empty : $" (after {attempts.ToString(CultureInfo.InvariantCulture)} attempts)";
        return failure.Kind switch
        {
            IpmiFailureKind.Credentials =>
                $"IPMI: the BMC at {info.Endpoint} rejected the credentials (check ipmi_username, ipmi_password and ipmi_priv_level): {failure.Detail}",
            IpmiFailureKind.NoAnswer =>
                $"IPMI: the BMC at {info.Endpoint} did not answer '{command}'{tries}: {failure.Detail}",
            IpmiFailureKind.Busy =>
                $"IPMI: the BMC at {info.Endpoint} stayed busy for '{command}'{tries}: {failure.Detail}",
            _ => $"IPMI: '{command}' failed on the BMC at {info.Endpoint}: {failure.Detail}",
        };
    }

    // Messages carry node ids, commands, endpoints and the BMC's error words only: the password never reaches a log.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId}: {Client} {Command} at {Endpoint} failed (attempt {Attempt}, {Kind}: {Detail}); retrying")]
    private partial void LogCommandRetried(string nodeId, string client, string command, string endpoint, int attempt, IpmiFailureKind kind, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: {Client} {Command} at {Endpoint} failed after {Attempt} attempt(s) ({Kind}: {Detail})")]
    private partial void LogCommandFailed(string nodeId, string client, string command, string endpoint, int attempt, IpmiFailureKind kind, string detail);
}
