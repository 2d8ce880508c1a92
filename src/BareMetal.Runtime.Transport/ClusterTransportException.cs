namespace BareMetal.Runtime.Transport;

/// <summary>A connection could not be made, was lost, or cannot carry a frame.</summary>
public class ClusterTransportException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ClusterTransportException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, naming the remote endpoint.</param>
    public ClusterTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, naming the remote endpoint.</param>
    /// <param name="innerException">The underlying error.</param>
    public ClusterTransportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
