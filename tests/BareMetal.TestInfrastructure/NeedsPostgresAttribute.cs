using Xunit.Sdk;

namespace BareMetal.TestInfrastructure;

/// <summary>
/// Marks tests that start the private PostgreSQL server (trait <c>Category=NeedsPostgres</c>), so a
/// machine without Debian's postgresql package can run <c>--filter "Category!=NeedsPostgres"</c>.
/// </summary>
[TraitDiscoverer("BareMetal.TestInfrastructure." + nameof(NeedsPostgresTraitDiscoverer), "BareMetal.TestInfrastructure")]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class NeedsPostgresAttribute : Attribute, ITraitAttribute
{
}
