namespace BareMetal.Runtime.Storage;

/// <summary>Identifies one stored state: a grain and the name of one of its states.</summary>
public readonly record struct GrainStateKey(GrainId GrainId, string StateName)
{
    /// <inheritdoc />
    public override string ToString() => $"{GrainId}#{StateName}";
}
