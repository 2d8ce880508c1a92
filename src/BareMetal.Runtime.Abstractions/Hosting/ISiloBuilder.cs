using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Hosting;

/// <summary>Configures a silo: the services it runs with and the configuration it reads.</summary>
public interface ISiloBuilder
{
    /// <summary>The host's service collection.</summary>
    IServiceCollection Services { get; }

    /// <summary>The host's configuration.</summary>
    IConfiguration Configuration { get; }
}
