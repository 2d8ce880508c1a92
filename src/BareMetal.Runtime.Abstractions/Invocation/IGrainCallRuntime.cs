namespace BareMetal.Runtime.Invocation;

/// <summary>
/// The runtime side of a grain reference: generated proxies hand their requests to it. Inside a silo
/// it routes to local activations (or, in a cluster, to the owning silo); in an external client it
/// sends to a gateway.
/// </summary>
public interface IGrainCallRuntime
{
    /// <summary>The factory references created by this runtime use.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>Sends a request that returns a value and awaits its response.</summary>
    Task<TResult> InvokeAsync<TResult>(GrainReference target, Request<TResult> request);

    /// <summary>Sends a request without a value and awaits its completion.</summary>
    Task InvokeAsync(GrainReference target, Request request);

    /// <summary>Sends a one-way request; nothing comes back.</summary>
    void InvokeOneWay(GrainReference target, RequestBase request);
}
