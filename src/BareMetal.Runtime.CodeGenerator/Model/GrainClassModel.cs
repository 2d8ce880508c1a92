namespace BareMetal.Runtime.CodeGenerator.Model;

/// <summary>A grain class of the compilation and the grain interfaces it implements.</summary>
/// <param name="TypeName">The fully qualified class, as written in <c>typeof(...)</c>.</param>
/// <param name="Interfaces">The fully qualified grain interfaces it implements (markers excluded), as written in <c>typeof(...)</c>.</param>
internal sealed record GrainClassModel(string TypeName, EquatableArray<string> Interfaces);
