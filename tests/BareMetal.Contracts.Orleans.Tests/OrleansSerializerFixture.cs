using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace BareMetal.Contracts.Orleans.Tests;

/// <summary>Orleans' serializer, configured as a silo configures it, with this assembly's generated codecs.</summary>
public sealed class OrleansSerializerFixture : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    public Serializer Serializer => _services.GetRequiredService<Serializer>();

    public DeepCopier Copier => _services.GetRequiredService<DeepCopier>();

    public IServiceProvider Services => _services;

    public void Dispose() => _services.Dispose();
}
