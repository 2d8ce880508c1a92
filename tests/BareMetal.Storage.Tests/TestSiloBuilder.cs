using BareMetal.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Storage.Tests;

/// <summary>The smallest <see cref="ISiloBuilder"/>: a service collection and an in-memory configuration.</summary>
internal sealed class TestSiloBuilder(IDictionary<string, string?>? configuration = null) : ISiloBuilder
{
    public IServiceCollection Services { get; } = new ServiceCollection();

    public IConfiguration Configuration { get; } = new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build();

    public ServiceProvider Build() => Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
}
