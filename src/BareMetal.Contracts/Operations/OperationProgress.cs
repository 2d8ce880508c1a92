namespace BareMetal.Contracts.Operations;

/// <summary>How far a running operation got: step <paramref name="StepNumber"/> of <paramref name="StepCount"/>.</summary>
/// <param name="StepNumber">The step being executed (0 before the first one).</param>
/// <param name="StepCount">How many steps the operation has (0 while unknown).</param>
/// <param name="Message">What the current step does.</param>
[GenerateSerializer, Alias("baremetal.OperationProgress")]
public sealed record OperationProgress([property: Id(0)] int StepNumber, [property: Id(1)] int StepCount, [property: Id(2)] string? Message)
{
    /// <summary>No progress yet.</summary>
    public static OperationProgress None { get; } = new(0, 0, null);
}
