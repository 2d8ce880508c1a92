namespace BareMetal.Contracts.Operations;

/// <summary>An idempotency key (or operation id) was reused with a different request body.</summary>
[GenerateSerializer, Alias("baremetal.OperationConflictException")]
public sealed class OperationConflictException : InvalidOperationException
{
    /// <summary>Creates the exception with a message only (used when it is rebuilt from the wire).</summary>
    public OperationConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for an operation created earlier with another body.</summary>
    /// <param name="existingOperationId">The operation the key already belongs to.</param>
    /// <param name="idempotencyKey">The reused key; null when the operation id itself was reused.</param>
    public OperationConflictException(string existingOperationId, string? idempotencyKey)
        : base(idempotencyKey is null
            ? $"Operation {existingOperationId} already exists with a different request body."
            : $"Idempotency key '{idempotencyKey}' was already used for operation {existingOperationId} with a different request body.")
    {
        ExistingOperationId = existingOperationId;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public OperationConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public OperationConflictException()
        : base("The operation already exists with a different request body.")
    {
    }

    /// <summary>The operation the key already belongs to (null when rebuilt from a message only).</summary>
    [Id(0)]
    public string? ExistingOperationId { get; }

    /// <summary>The reused idempotency key.</summary>
    [Id(1)]
    public string? IdempotencyKey { get; }
}
