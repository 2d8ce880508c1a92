using Xunit.Abstractions;
using Xunit.Sdk;

namespace BareMetal.TestInfrastructure;

/// <summary>Turns <see cref="NeedsPostgresAttribute"/> into the trait <c>Category=NeedsPostgres</c>.</summary>
public sealed class NeedsPostgresTraitDiscoverer : ITraitDiscoverer
{
    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
    {
        yield return new KeyValuePair<string, string>("Category", "NeedsPostgres");
    }
}
