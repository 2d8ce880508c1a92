namespace BareMetal.Runtime;

/// <summary>
/// The connection a call was sent on broke before its answer came back. The call may or may not
/// have run on the other side; retry only what is safe to repeat (or carries an idempotency key).
/// </summary>
public sealed class ConnectionLostException : SiloUnavailableException
{
    /// <summary>Creates the exception.</summary>
    public ConnectionLostException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ConnectionLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
