namespace BareMetal.Runtime;

/// <summary>Creates references to grains. References are cheap; creating one activates nothing.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the string-keyed grain <paramref name="key"/> implementing <typeparamref name="TGrainInterface"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;

    /// <summary>A reference to the guid-keyed grain <paramref name="key"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey;

    /// <summary>A reference to the integer-keyed grain <paramref name="key"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>A reference to an existing grain identity, typed as <typeparamref name="TGrainInterface"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable;
}
