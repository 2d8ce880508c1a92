namespace BareMetal.Runtime;

/// <summary>The grain could not be activated (its constructor or OnActivateAsync failed); the request never ran.</summary>
public sealed class GrainActivationException : BareMetalRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public GrainActivationException(GrainId grainId, Exception innerException)
        : base($"Activation of grain {grainId} failed: {innerException.Message}", innerException)
    {
        GrainId = grainId;
    }

    /// <summary>Creates the exception with a message.</summary>
    public GrainActivationException(string message)
        : base(message)
    {
    }

    /// <summary>The grain that failed to activate.</summary>
    public GrainId GrainId { get; }
}
