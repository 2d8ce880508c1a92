namespace BareMetal.Contracts.Operations;

/// <summary>Helpers for <see cref="OperationStatus"/>.</summary>
public static class OperationStatusExtensions
{
    /// <summary>Whether the status is final: nothing changes an operation once it gets there.</summary>
    /// <returns><see langword="true"/> for succeeded, failed, cancelled and timed out.</returns>
    public static bool IsTerminal(this OperationStatus status) => status is
        OperationStatus.Succeeded or OperationStatus.Failed or OperationStatus.Cancelled or OperationStatus.TimedOut;
}
