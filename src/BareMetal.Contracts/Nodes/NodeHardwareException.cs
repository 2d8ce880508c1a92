namespace BareMetal.Contracts.Nodes;

/// <summary>The node's hardware (its BMC) failed a request made directly to it; the message says why, without secrets.</summary>
[GenerateSerializer, Alias("baremetal.NodeHardwareException")]
public sealed class NodeHardwareException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NodeHardwareException()
        : base("The node's hardware failed the request.")
    {
    }

    /// <summary>Creates the exception with the hardware's reason (also how it is rebuilt after crossing processes).</summary>
    public NodeHardwareException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the hardware's reason and the driver's error.</summary>
    public NodeHardwareException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
