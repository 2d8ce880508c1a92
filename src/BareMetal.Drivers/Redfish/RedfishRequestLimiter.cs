namespace BareMetal.Drivers.Redfish;

/// <summary>
/// Bounds how many HTTP requests this silo has in flight to BMCs (<see cref="RedfishDriverOptions.MaxConcurrentRequests"/>),
/// so that a power sync of the whole fleet queues here instead of opening thousands of connections at once.
/// </summary>
public sealed class RedfishRequestLimiter : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private int _inFlight;
    private int _peak;

    /// <summary>Creates the limiter.</summary>
    /// <param name="capacity">How many requests may be in flight at once.</param>
    public RedfishRequestLimiter(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _slots = new SemaphoreSlim(capacity, capacity);
    }

    /// <summary>How many requests may be in flight at once.</summary>
    public int Capacity { get; }

    /// <summary>The most requests that were in flight at once since this limiter was created.</summary>
    public int PeakInFlight => Volatile.Read(ref _peak);

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var inFlight = Interlocked.Increment(ref _inFlight);
        var peak = Volatile.Read(ref _peak);
        while (inFlight > peak && Interlocked.CompareExchange(ref _peak, inFlight, peak) != peak)
        {
            peak = Volatile.Read(ref _peak);
        }

        return new Slot(this);
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    private void Release()
    {
        Interlocked.Decrement(ref _inFlight);
        _slots.Release();
    }

    private sealed class Slot(RedfishRequestLimiter owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
