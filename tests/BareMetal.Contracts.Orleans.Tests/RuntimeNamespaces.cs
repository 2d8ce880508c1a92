// The contracts name our runtime's namespaces in their using directives; here those namespaces exist but are empty,
// so every grain type and attribute the contracts use resolves to Orleans' own (see GlobalUsings.cs).
#pragma warning disable IDE0161 // Empty namespaces cannot be file-scoped side by side.
namespace BareMetal.Runtime
{
}

namespace BareMetal.Runtime.Concurrency
{
}

namespace BareMetal.Runtime.Serialization
{
}
#pragma warning restore IDE0161
