using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Hosting;

/// <summary>The <see cref="ISiloBuilder"/> handed to AddBareMetalSilo's configure callback.</summary>
internal sealed class SiloBuilder(IServiceCollection services, IConfiguration configuration) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration Configuration { get; } = configuration;
}
