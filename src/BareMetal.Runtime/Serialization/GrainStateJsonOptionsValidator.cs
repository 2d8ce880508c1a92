using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Serialization;

/// <summary>Refuses, at start, a grain state JSON context that would store different JSON from the silo serializer.</summary>
internal sealed class GrainStateJsonOptionsValidator : IValidateOptions<GrainStateJsonOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainStateJsonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Contexts.Select(RuntimeSerializer.FindIncompatibility).OfType<string>().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
