using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BareMetal.Api.Idempotency;

/// <summary>
/// Goes on storing a request's answer under its idempotency key (or giving the key up) in the background after the
/// gateway's own attempt failed, for as long as the key's lease lasts. The attempt fails when the gateway silo the call
/// went through, or the key's grain, just died. Without the retry a live key would stay "in progress" until its lease
/// ran out, so every retry of the request got 409 for up to the whole lease (15 s), and the first retry after it ran
/// the request again instead of getting the stored answer.
/// </summary>
internal sealed partial class IdempotencyAnswerRetry(TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILogger<IdempotencyAnswerRetry> logger)
{
    private static readonly TimeSpan s_firstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_longestDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs <paramref name="store"/> again, backing off from 200 ms to 2 s, until it succeeds, fails for a reason a retry
    /// cannot mend (the key now holds another request), or the next attempt would come after
    /// <paramref name="leaseEnds"/>. The returned task ends then; it never fails.
    /// </summary>
    public async Task RetryAsync(string key, Func<Task> store, DateTimeOffset leaseEnds)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stopping = lifetime.ApplicationStopping;
        var delay = s_firstDelay;
        for (var attempt = 2; timeProvider.GetUtcNow() + delay < leaseEnds && !stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.Delay(delay, timeProvider, stopping);
                await store();
                LogStored(logger, key, attempt);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (InvalidOperationException refused)
            {
                // The grain's own refusal: the lease ran out and another request holds the key, or it holds its answer.
                LogRefused(logger, key, refused.Message);
                return;
            }
#pragma warning disable CA1031 // Anything else is the call's failure; it is tried again while the lease lasts.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogAttemptFailed(logger, exception, key, attempt);
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_longestDelay.Ticks));
        }

        LogGaveUp(logger, key);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The answer for idempotency key {Key} was stored at attempt {Attempt}")]
    private static partial void LogStored(ILogger logger, string key, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The answer for idempotency key {Key} was not stored: {Reason}")]
    private static partial void LogRefused(ILogger logger, string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the answer for idempotency key {Key} failed again (attempt {Attempt})")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string key, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer for idempotency key {Key} could not be stored within its lease; the key frees when the lease runs out and a retry runs the request again")]
    private static partial void LogGaveUp(ILogger logger, string key);
}
