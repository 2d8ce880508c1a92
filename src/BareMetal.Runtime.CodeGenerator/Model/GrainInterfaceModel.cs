namespace BareMetal.Runtime.CodeGenerator.Model;

/// <summary>A grain interface declared in the compilation, with every method its proxy must implement.</summary>
/// <param name="TypeName">The fully qualified type (<c>global::Acme.ICounterGrain</c>).</param>
/// <param name="WireName">The stable name carried by <c>GrainInterfaceInfo.Name</c>; equal to the CLR <c>Type.FullName</c>.</param>
/// <param name="MangledName">The name as an identifier fragment (<c>Acme_ICounterGrain</c>).</param>
/// <param name="Methods">Own and inherited methods, ordered by method id.</param>
internal sealed record GrainInterfaceModel(
    string TypeName,
    string WireName,
    string MangledName,
    EquatableArray<GrainMethodModel> Methods);
