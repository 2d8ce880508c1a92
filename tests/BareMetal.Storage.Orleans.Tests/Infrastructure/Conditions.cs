namespace BareMetal.Storage.Orleans.Tests.Infrastructure;

/// <summary>Waits for a condition a user could observe, up to a deadline that names the phase that failed.</summary>
public static class Conditions
{
    private static readonly TimeSpan s_recheck = TimeSpan.FromMilliseconds(100);

    public static async Task<T> WaitForAsync<T>(Func<Task<T>> observe, Func<T, bool> satisfied, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        T last;
        while (true)
        {
            last = await observe();
            if (satisfied(last))
            {
                return last;
            }

            try
            {
                // A re-check interval, not a synchronization: the condition itself decides when the wait ends.
                await Task.Delay(s_recheck, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}; last observed: {last}");
            }
        }
    }
}
