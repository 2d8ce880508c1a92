using BareMetal.Provisioning.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Hosting;

/// <summary>Distributed tracing through a BareMetal silo.</summary>
public static class SiloTracingExtensions
{
    /// <summary>
    /// Carries the caller's trace through every grain call (Orleans' activity propagation: a client and a server span
    /// per call, from the HTTP request down to the driver step) and tags each call's span with the silo it ran on.
    /// </summary>
    public static ISiloBuilder AddBareMetalTracing(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddActivityPropagation();
        silo.Services.TryAddSingleton<SiloSpanTagger>();
        silo.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<SiloSpanTagger>());
        silo.Services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<SiloSpanTagger>());
        return silo;
    }
}
