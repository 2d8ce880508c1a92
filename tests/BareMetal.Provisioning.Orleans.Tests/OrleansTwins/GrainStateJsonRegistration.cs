using System.Text.Json.Serialization;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// On our runtime, a JSON context registered here gives grain state generated writers. On Orleans the grain storage
/// owns state serialization; the test storage (JsonMemoryGrainStorage) writes with the same contract by reflection,
/// so the registration has nothing to do.
/// </summary>
public static class GrainStateJsonRegistration
{
    public static IServiceCollection AddGrainStateJsonContext(this IServiceCollection services, JsonSerializerContext context) => services;
}
