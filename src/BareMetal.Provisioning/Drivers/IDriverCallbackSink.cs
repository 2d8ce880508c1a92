namespace BareMetal.Provisioning.Drivers;

/// <summary>
/// Where reports about pending steps go (heartbeats, done, failed). The provisioning host implements it
/// by delivering each callback to the node grain as a message; an agent's HTTP callback takes the same path.
/// </summary>
public interface IDriverCallbackSink
{
    /// <summary>Delivers <paramref name="callback"/>.</summary>
    /// <param name="callback">The report.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>A task that completes once the report was accepted.</returns>
    Task ReportAsync(DriverCallback callback, CancellationToken cancellationToken);
}
