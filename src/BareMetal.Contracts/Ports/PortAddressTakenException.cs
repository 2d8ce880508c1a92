namespace BareMetal.Contracts.Ports;

/// <summary>Another port already has the MAC address; nothing changed.</summary>
[GenerateSerializer, Alias("baremetal.PortAddressTakenException")]
public sealed class PortAddressTakenException : InvalidOperationException
{
    /// <summary>Creates the exception with a message only (used when it is rebuilt from the wire).</summary>
    public PortAddressTakenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public PortAddressTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public PortAddressTakenException()
        : base("A port with this MAC address already exists.")
    {
    }

    /// <summary>Creates the exception for an address.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The exception.</returns>
    public static PortAddressTakenException ForAddress(string address) => new($"A port with MAC address {address} already exists.");
}
