namespace BareMetal.Contracts.Operations;

/// <summary>
/// Waits for an operation to change in short grain calls rather than one long one. A call parked on a silo that then
/// freezes is answered only by the caller's response timeout; slices keep every call shorter than that timeout, so a
/// long-poll of a minute neither needs a minute-long timeout nor hangs on a silo that stopped answering.
/// </summary>
public static class OperationLongPoll
{
    /// <summary>The longest single wait handed to the operation grain.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The operation's view as soon as its version exceeds <paramref name="afterVersion"/>, or the unchanged view once
    /// <paramref name="timeout"/> has passed.
    /// </summary>
    public static async Task<OperationView> WaitForChangeAsync(IOperationGrain operation, long afterVersion, TimeSpan timeout, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();
        while (true)
        {
            var remaining = timeout - time.GetElapsedTime(started);
            var slice = remaining < Slice ? remaining : Slice;
            var view = await operation.WaitForChange(afterVersion, slice < TimeSpan.Zero ? TimeSpan.Zero : slice);
            if (view.Version > afterVersion || remaining <= Slice)
            {
                return view;
            }
        }
    }
}
