namespace BareMetal.Runtime.Serialization;

/// <summary>
/// Declares a type immutable, so local calls pass it by reference instead of copying it.
/// Only put it on types that truly never change after construction.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Parameter | AttributeTargets.ReturnValue, Inherited = false)]
public sealed class ImmutableAttribute : Attribute;
