namespace BareMetal.Contracts.Operations;

/// <summary>How far a running operation got: step <paramref name="StepNumber"/> of <paramref name="StepCount"/>.</summary>
/// <param name="StepNumber">The step being executed (0 before the first one).</param>
/// <param name="StepCount">How many steps the operation has (0 while unknown).</param>
/// <param name="Message">What the current step does.</param>
public sealed record OperationProgress(int StepNumber, int StepCount, string? Message)
{
    /// <summary>No progress yet.</summary>
    public static OperationProgress None { get; } = new(0, 0, null);
}
