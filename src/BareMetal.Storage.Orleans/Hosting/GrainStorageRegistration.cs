using BareMetal.Storage.Orleans.GrainStorage;
using BareMetal.Storage.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace BareMetal.Storage.Orleans.Hosting;

/// <summary>Registers a <see cref="GroupCommitGrainStorage"/> under its name and, when asked, as the default storage.</summary>
internal static class GrainStorageRegistration
{
    public static void Add<TStore>(IServiceCollection services, string name, bool asDefault, IGrainStorageSerializer? serializer, Func<IServiceProvider, TStore> createStore)
        where TStore : IGrainStateStore, IStartupSchema
    {
        services.AddGrainStorage(name, (provider, _) =>
        {
            var store = createStore(provider);
            return new GroupCommitGrainStorage(
                name,
                store,
                // InitializeSchema = false leaves the table to the operator, as the option says.
                store.EnsureSchemaOnStart ? store : null,
                serializer ?? StateSerializers.Default(provider),
                provider.GetRequiredService<IActivatorProvider>());
        });

        if (asDefault && !string.Equals(name, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, StringComparison.Ordinal))
        {
            // The same instance (one connection pool, one commit queue) answers to both names.
            services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (provider, _) => provider.GetRequiredKeyedService<IGrainStorage>(name));
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        }
    }
}
