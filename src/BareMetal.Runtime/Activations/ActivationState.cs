namespace BareMetal.Runtime.Activations;

/// <summary>The lifecycle of one activation.</summary>
internal enum ActivationState
{
    /// <summary>Constructing the grain, reading its state and running OnActivateAsync; requests wait.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync; new requests wait and then go to a new activation.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; anything that still reaches it is re-routed.</summary>
    Invalid,
}
