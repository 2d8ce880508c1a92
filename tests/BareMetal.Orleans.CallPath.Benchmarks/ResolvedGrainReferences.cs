using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;

namespace BareMetal.Orleans.CallPath.Benchmarks;

/// <summary>
/// Grain references of one interface built from a grain id whose grain type and interface type were resolved
/// once. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves both on every call, and that lookup (attribute
/// reflection and type-name formatting) measured as more than half the caller's CPU per call.
/// </summary>
public sealed class ResolvedGrainReferences<TInterface>
    where TInterface : IGrainWithIntegerKey
{
    private readonly IGrainFactory _factory;
    private readonly GrainInterfaceType _interfaceType;
    private readonly GrainType _grainType;

    public ResolvedGrainReferences(IServiceProvider services, IGrainFactory factory)
    {
        _factory = factory;
        _interfaceType = services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceType(typeof(TInterface));
        _grainType = services.GetRequiredService<GrainInterfaceTypeToGrainTypeResolver>().GetGrainType(_interfaceType);
    }

    public TInterface Get(long key) =>
        (TInterface)_factory.GetGrain(GrainId.Create(_grainType, GrainIdKeyExtensions.CreateIntegerKey(key)), _interfaceType);
}
