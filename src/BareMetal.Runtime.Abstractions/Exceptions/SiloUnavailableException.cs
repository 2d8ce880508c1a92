namespace BareMetal.Runtime;

/// <summary>The silo that should serve the call is stopping, dead or unreachable; the request may be retried elsewhere.</summary>
public class SiloUnavailableException : BareMetalRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public SiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
