using System.Globalization;

namespace BareMetal.Runtime.Concurrency;

/// <summary>Overrides the idle collection age for one grain class.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class CollectionAgeLimitAttribute(string age) : Attribute
{
    /// <summary>How long an idle activation lives before it is collected.</summary>
    public TimeSpan Age { get; } = TimeSpan.Parse(age, CultureInfo.InvariantCulture);

    /// <summary>Never collect idle activations of this class (they live until the silo stops or the grain deactivates itself).</summary>
    public bool AlwaysActive { get; init; }
}
