using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Tests.Infrastructure;

/// <summary>Waits on an operation through its long-poll (no sleeps), with a deadline.</summary>
public static class OperationWaits
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    /// <summary>Returns the operation's view once <paramref name="condition"/> holds; throws after 10 s.</summary>
    public static async Task<OperationView> WaitForOperationAsync(this IGrainFactory grains, string operationId, Func<OperationView, bool> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(condition);
        var operation = grains.GetGrain<IOperationGrain>(operationId);
        var until = DateTimeOffset.UtcNow + s_deadline;
        var view = await operation.Get();
        while (!condition(view))
        {
            var left = until - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Operation {operationId}: {what} did not happen within {s_deadline.TotalSeconds} s; it is {view.Status} ({view.Error}).");
            }

            view = await operation.WaitForChange(view.Version, left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }

        return view;
    }
}
