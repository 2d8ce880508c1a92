using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace BareMetal.Storage.Orleans.GrainStorage;

/// <summary>
/// How grain state is stored unless a registration says otherwise: <see cref="GrainStateJsonSerializer"/>.
/// </summary>
/// <remarks>
/// Chosen over Orleans' binary serializer because today's runtime stores System.Text.Json too, so a row written
/// before the switch reads back after it; the payload stays readable in SQL; and property names, not wire ids,
/// are the storage contract, so a state type's wire form can change without touching stored rows. Chosen over
/// Orleans' default (Newtonsoft JSON) to avoid a second JSON library and its different handling of our records.
/// </remarks>
internal static class StateSerializers
{
    public static IGrainStorageSerializer Default(IServiceProvider services) =>
        new GrainStateJsonSerializer(services.GetServices<System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver>());
}
