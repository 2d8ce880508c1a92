using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Ironic;

/// <summary>Ironic-shaped results reachable from <see cref="Results.Extensions"/>.</summary>
internal static class IronicResultExtensions
{
    public static IResult IronicNotFound(this IResultExtensions extensions, string? path)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        return IronicError.Result(404, $"The resource /v1/{path} could not be found.");
    }
}
