namespace BareMetal.Client;

/// <summary>The API could not be reached (connection refused, reset, DNS, or no answer in time) after the retries.</summary>
public sealed class BareMetalConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BareMetalConnectionException()
        : base("The BareMetal API could not be reached.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public BareMetalConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception, wrapping what the transport threw.</summary>
    public BareMetalConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
