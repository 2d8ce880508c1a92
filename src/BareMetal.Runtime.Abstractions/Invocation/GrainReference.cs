namespace BareMetal.Runtime.Invocation;

/// <summary>
/// Base class of generated grain proxies. A reference is immutable, cheap, comparable by grain id,
/// and may be stored or passed as an argument; calls through it are routed by the runtime.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    /// <summary>Creates a reference (called by generated proxies).</summary>
    protected GrainReference(IGrainCallRuntime runtime, GrainId grainId, GrainInterfaceInfo interfaceInfo)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(interfaceInfo);
        Runtime = runtime;
        GrainId = grainId;
        InterfaceInfo = interfaceInfo;
    }

    /// <summary>The referenced grain.</summary>
    public GrainId GrainId { get; }

    /// <summary>The interface this reference is typed as.</summary>
    public GrainInterfaceInfo InterfaceInfo { get; }

    /// <summary>The runtime that carries this reference's calls.</summary>
    public IGrainCallRuntime Runtime { get; }

    /// <summary>
    /// A slot the runtime may use to remember where the grain was last found, so repeated calls
    /// through one reference skip the directory lookup. Never relied on for correctness.
    /// </summary>
    public object? RoutingHint { get; set; }

    /// <summary>Sends a request with a result.</summary>
    protected Task<TResult> InvokeAsync<TResult>(Request<TResult> request) => Runtime.InvokeAsync(this, request);

    /// <summary>Sends a request without a result.</summary>
    protected Task InvokeAsync(Request request) => Runtime.InvokeAsync(this, request);

    /// <summary>Sends a one-way request.</summary>
    protected void InvokeOneWay(RequestBase request) => Runtime.InvokeOneWay(this, request);

    /// <inheritdoc />
    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"{InterfaceInfo.Name}:{GrainId}";
}
