namespace BareMetal.Hosting;

/// <summary>
/// A silo component that starts and stops with the silo. Participants start in ascending
/// <see cref="Stage"/> and stop in descending order (storage before the runtime, the runtime
/// before application services), so nothing runs against a dependency that is not ready.
/// </summary>
public interface ISiloLifecycleParticipant
{
    /// <summary>The stage, see <see cref="SiloLifecycleStage"/>.</summary>
    int Stage { get; }

    /// <summary>Starts the component.</summary>
    Task OnStartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the component.</summary>
    Task OnStopAsync(CancellationToken cancellationToken);
}
