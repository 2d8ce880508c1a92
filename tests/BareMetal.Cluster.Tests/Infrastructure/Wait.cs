using System.Diagnostics;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>
/// Waits for a condition of another process (a membership row, a directory row, a grain's answer)
/// with a deadline. Other processes cannot signal the test, so the condition is re-checked every
/// <see cref="PollInterval"/>; the failure message says what was awaited and includes diagnostics.
/// </summary>
public static class Wait
{
    /// <summary>How often a condition is re-checked.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}\n{diagnostics?.Invoke()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan timeout, Func<string>? diagnostics = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout, diagnostics);
}
