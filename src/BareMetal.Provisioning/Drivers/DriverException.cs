namespace BareMetal.Provisioning.Drivers;

/// <summary>A driver could not talk to the hardware (BMC unreachable, rejected request, ...).</summary>
public sealed class DriverException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="nodeId">The node whose hardware failed.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DriverException(string nodeId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        NodeId = nodeId;
    }

    /// <summary>The node whose hardware failed.</summary>
    public string NodeId { get; }
}
