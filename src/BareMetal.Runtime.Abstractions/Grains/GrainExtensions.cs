using BareMetal.Runtime.Invocation;

namespace BareMetal.Runtime;

/// <summary>Key accessors and conversions for grains and references.</summary>
public static class GrainExtensions
{
    /// <summary>The identity of a grain or reference.</summary>
    public static GrainId GetGrainId(this IAddressable grain) => grain switch
    {
        GrainReference reference => reference.GrainId,
        Grain instance => instance.GrainId,
        _ => throw new ArgumentException($"{grain?.GetType().FullName ?? "null"} is neither a grain nor a grain reference.", nameof(grain)),
    };

    /// <summary>The string key.</summary>
    public static string GetPrimaryKeyString(this IAddressable grain) => grain.GetGrainId().Key;

    /// <summary>The guid key.</summary>
    public static Guid GetPrimaryKey(this IAddressable grain) => grain.GetGrainId().GetGuidKey();

    /// <summary>The integer key.</summary>
    public static long GetPrimaryKeyLong(this IAddressable grain) => grain.GetGrainId().GetIntegerKey();

    /// <summary>A reference to this grain typed as <typeparamref name="TGrainInterface"/>, for passing "this" to other grains.</summary>
    public static TGrainInterface AsReference<TGrainInterface>(this Grain grain) where TGrainInterface : IAddressable
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.GrainContext.GrainFactory.GetGrain<TGrainInterface>(grain.GrainId);
    }
}
