namespace BareMetal.Provisioning.Drivers;

/// <summary>Hardware inspection: discovering a node's properties (CPUs, memory, disks, architecture).</summary>
public interface IInspectInterface
{
    /// <summary>
    /// Inspects the node and returns the properties found (Ironic's names: "cpus", "memory_mb", "local_gb",
    /// "cpu_arch", ...). Idempotent: inspecting twice only reads the hardware twice.
    /// </summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="token">Identifies this step.</param>
    /// <param name="cancellationToken">Cancels the inspection; the call then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The discovered properties.</returns>
    /// <exception cref="DriverException">The inspection failed (the message says why).</exception>
    Task<IReadOnlyDictionary<string, string>> InspectHardwareAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken);
}
