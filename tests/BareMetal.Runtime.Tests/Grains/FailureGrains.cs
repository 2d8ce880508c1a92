using BareMetal.Runtime.Concurrency;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests.Grains;

public sealed class InventoryMismatchException(string message) : Exception(message);

public interface IFailingGrain : IGrainWithStringKey
{
    Task<int> CountCall();

    Task Throw(string message);

    Task<int> ThrowAfterAwait(string message);

    /// <summary>Waits up to <paramref name="delay"/>; opens <paramref name="cancelledGate"/> if its token fires.</summary>
    Task WaitCancellable(TimeSpan delay, string cancelledGate, CancellationToken cancellationToken);

    [ResponseTimeout("00:00:00.300")]
    Task WaitWithShortTimeout(string gate);

    Task WaitFor(string gate);
}

public sealed class FailingGrain : Grain, IFailingGrain
{
    private int _calls;

    public Task<int> CountCall() => Task.FromResult(++_calls);

    public Task Throw(string message) => throw new InventoryMismatchException(message);

    public async Task<int> ThrowAfterAwait(string message)
    {
        await Task.Yield();
        throw new InventoryMismatchException(message);
    }

    public async Task WaitCancellable(TimeSpan delay, string cancelledGate, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Gates.Open(cancelledGate);
            throw;
        }
    }

    public Task WaitWithShortTimeout(string gate) => Gates.WhenOpen(gate);

    public Task WaitFor(string gate) => Gates.WhenOpen(gate);
}
