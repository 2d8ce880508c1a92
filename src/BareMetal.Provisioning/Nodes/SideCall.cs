namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// A bounded wait for a call that a node's turn makes beside its own write (see
/// <see cref="NodeProvisioningOptions.SideCallTimeout"/>): the turn carries on when the call takes longer, and the call
/// goes on without it.
/// </summary>
internal static class SideCall
{
    /// <summary>
    /// True when <paramref name="call"/> ended within <paramref name="timeout"/> (its failure, if it failed, is thrown);
    /// false when it is still running and no longer waited for.
    /// </summary>
    public static async Task<bool> EndedWithin(Task call, TimeSpan timeout)
    {
        try
        {
            await call.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            if (call.IsCompleted)
            {
                // The call's own timeout, or it ended just as the wait did: its outcome is the answer.
                await call;
                return true;
            }

            // Nobody awaits it any more; its failure, when it comes, is observed here so it is not reported as unobserved.
            _ = call.ContinueWith(
                static c => c.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return false;
        }
    }
}
