namespace BareMetal.Runtime;

/// <summary>Marks a constructor parameter of type <see cref="IPersistentState{TState}"/> for injection.</summary>
/// <param name="stateName">The state's name, unique within the grain.</param>
/// <param name="storageName">The name of the registered grain storage; "Default" when omitted.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The default storage provider name.</summary>
    public const string DefaultStorageName = "Default";

    /// <summary>The state's name.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider name.</summary>
    public string StorageName { get; } = storageName ?? DefaultStorageName;
}
