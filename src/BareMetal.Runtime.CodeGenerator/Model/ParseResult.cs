namespace BareMetal.Runtime.CodeGenerator.Model;

/// <summary>What the semantic step found for one declaration: a model (null when nothing can be generated) and diagnostics.</summary>
internal sealed record ParseResult<TModel>(TModel? Model, EquatableArray<DiagnosticInfo> Diagnostics)
    where TModel : class;
