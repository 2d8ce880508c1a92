namespace BareMetal.Provisioning.Diagnostics;

/// <summary>
/// Counts the grain calls this silo serves: in progress, total, and failed. An incoming call filter sees exactly the
/// calls of its own silo, where Orleans' meters are process-wide (several silos in one test process would mix).
/// </summary>
public sealed class SiloCallCounter : IIncomingGrainCallFilter
{
    private long _total;
    private long _failed;
    private int _inProgress;

    /// <summary>Calls that arrived and have not ended (waiting for their turn or running).</summary>
    public int InProgress => Volatile.Read(ref _inProgress);

    /// <summary>Calls served since the silo started.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Calls that ended with an exception.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Interlocked.Increment(ref _total);
        Interlocked.Increment(ref _inProgress);
        try
        {
            await context.Invoke();
        }
        catch
        {
            Interlocked.Increment(ref _failed);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _inProgress);
        }
    }
}
