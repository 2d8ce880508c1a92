namespace BareMetal.Contracts.Operations;

/// <summary>A method was called on an operation whose status does not allow it (e.g. completing a cancelled one).</summary>
[GenerateSerializer, Alias("baremetal.OperationStateException")]
public sealed class OperationStateException : InvalidOperationException
{
    /// <summary>Creates the exception with a message only (used when it is rebuilt from the wire).</summary>
    public OperationStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for a refused transition.</summary>
    /// <param name="operationId">The operation.</param>
    /// <param name="currentStatus">Its status; null when it was never created.</param>
    /// <param name="attempted">What was attempted ("complete as Succeeded", "report progress", ...).</param>
    public OperationStateException(string operationId, OperationStatus? currentStatus, string attempted)
        : base(currentStatus is { } status
            ? $"Cannot {attempted} operation {operationId}: it is {status}."
            : $"Cannot {attempted} operation {operationId}: it does not exist.")
    {
        OperationId = operationId;
        CurrentStatus = currentStatus;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public OperationStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public OperationStateException()
        : base("The operation's status does not allow this.")
    {
    }

    /// <summary>The operation (null when rebuilt from a message only).</summary>
    [Id(0)]
    public string? OperationId { get; }

    /// <summary>The status that refused the call; null when the operation does not exist or when rebuilt from a message only.</summary>
    [Id(1)]
    public OperationStatus? CurrentStatus { get; }
}
