using System.Diagnostics;

namespace BareMetal.Provisioning.Diagnostics;

/// <summary>
/// Tags the span of every grain call this silo makes or serves with the silo's address (<c>baremetal.silo</c>), so a
/// trace shows where each hop ran. Registered after Orleans' activity propagation, it runs inside Orleans' own call
/// filter, where the current activity is the call's span.
/// </summary>
internal sealed class SiloSpanTagger(ILocalSiloDetails silo) : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    /// <summary>The tag that names the silo.</summary>
    public const string SiloTag = "baremetal.silo";

    private readonly string _silo = silo.SiloAddress.ToString();

    /// <inheritdoc />
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Activity.Current?.SetTag(SiloTag, _silo);
        return context.Invoke();
    }

    /// <inheritdoc />
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Activity.Current?.SetTag(SiloTag, _silo);
        return context.Invoke();
    }
}
