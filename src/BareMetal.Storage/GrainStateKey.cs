namespace BareMetal.Storage;

/// <summary>
/// Identifies one stored state: the grain's type and key as the host prints them (<c>node</c>, <c>n-42</c>) and
/// the name of one of the grain's states. They are the <c>grain_state</c> row's primary key, column for column,
/// so a key made from the same three strings reads the row back whichever version of BareMetal wrote it.
/// </summary>
/// <param name="GrainType">The grain type; not empty.</param>
/// <param name="GrainKey">The grain's key; may be empty, never null.</param>
/// <param name="StateName">The state's name; not empty.</param>
public readonly record struct GrainStateKey(string GrainType, string GrainKey, string StateName)
{
    /// <summary>The key as logs and errors print it: <c>type/key#state</c>.</summary>
    public override string ToString() => $"{GrainType}/{GrainKey}#{StateName}";
}
