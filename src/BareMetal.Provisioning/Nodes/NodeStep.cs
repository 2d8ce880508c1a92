using System.Text;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Provisioning.Nodes;

/// <summary>The hardware step a node is waiting for; a report must match all of it to be accepted.</summary>
/// <param name="OperationId">The running operation.</param>
/// <param name="Number">The step number within the operation (1-based).</param>
/// <param name="Attempt">The attempt (1-based).</param>
/// <param name="Kind">What the step does.</param>
public sealed record NodeStep(string OperationId, int Number, int Attempt, NodeStepKind Kind)
{
    /// <summary>
    /// When the step times out. Kept with the step so that a reminder tick can only ever expire the step
    /// it was armed for; a step that goes pending (waiting for a call-back) gets a fresh deadline.
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>For <see cref="NodeStepKind.Power"/>: the action applied.</summary>
    public PowerAction? Power { get; init; }

    /// <summary>For <see cref="NodeStepKind.WriteImage"/>: the image source to write.</summary>
    public string? Image { get; init; }

    /// <summary>For <see cref="NodeStepKind.Rescue"/>: the rescue user's password (a secret: never printed).</summary>
    public string? RescuePassword { get; init; }

    /// <summary>For a manual <see cref="NodeStepKind.Clean"/>: the operator's steps; null for automated cleaning.</summary>
    public IReadOnlyList<CleanStep>? CleanSteps { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("OperationId = ").Append(OperationId)
            .Append(", Number = ").Append(Number)
            .Append(", Attempt = ").Append(Attempt)
            .Append(", Kind = ").Append(Kind)
            .Append(", Deadline = ").Append(Deadline)
            .Append(", Power = ").Append(Power)
            .Append(", Image = ").Append(Image)
            .Append(", CleanSteps = [").AppendJoin(", ", CleanSteps?.Select(c => $"{c.Interface}.{c.Step}") ?? []).Append(']');
        return true;
    }
}
