namespace BareMetal.Runtime;

/// <summary>Base of the runtime's own failures.</summary>
public class BareMetalRuntimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BareMetalRuntimeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BareMetalRuntimeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public BareMetalRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
