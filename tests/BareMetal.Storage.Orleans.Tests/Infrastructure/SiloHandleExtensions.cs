using Orleans.TestingHost;

namespace BareMetal.Storage.Orleans.Tests.Infrastructure;

public static class SiloHandleExtensions
{
    /// <summary>The silo's services; a started silo always has them.</summary>
    public static IServiceProvider Services(this InProcessSiloHandle silo) =>
        silo.ServiceProvider ?? throw new InvalidOperationException($"Silo {silo.Name} has not started.");
}
