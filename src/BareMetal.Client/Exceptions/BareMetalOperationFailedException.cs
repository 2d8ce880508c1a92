using BareMetal.Contracts.Operations;

namespace BareMetal.Client;

/// <summary>An awaited operation ended without succeeding: failed, timed out or cancelled.</summary>
public sealed class BareMetalOperationFailedException : Exception
{
    /// <summary>Creates the exception for <paramref name="operation"/>.</summary>
    public BareMetalOperationFailedException(OperationView operation)
        : base(Describe(operation))
    {
        Operation = operation;
    }

    /// <summary>Creates the exception without an operation.</summary>
    public BareMetalOperationFailedException()
        : base("The operation did not succeed.")
    {
    }

    /// <summary>Creates the exception without an operation.</summary>
    public BareMetalOperationFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without an operation, wrapping <paramref name="innerException"/>.</summary>
    public BareMetalOperationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The operation as it ended; null only when created without one.</summary>
    public OperationView? Operation { get; }

    /// <summary>How it ended (failed, timed out or cancelled).</summary>
    public OperationStatus? Status => Operation?.Status;

    private static string Describe(OperationView operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var ending = operation.Status switch
        {
            OperationStatus.TimedOut => "timed out",
            OperationStatus.Cancelled => "was cancelled",
            _ => "failed",
        };
        return $"Operation {operation.Id} ({operation.Action.ToWireName()} on node {operation.NodeId}) {ending}: {operation.Error ?? "no error given"}";
    }
}
