namespace BareMetal.Runtime.Cluster;

/// <summary>A silo's status in the membership table.</summary>
public enum SiloStatus
{
    /// <summary>Not in the table yet.</summary>
    None = 0,

    /// <summary>Starting: in the table, not yet serving grains.</summary>
    Joining = 1,

    /// <summary>Serving grains; part of the ring.</summary>
    Active = 2,

    /// <summary>Leaving gracefully: no new activations, draining.</summary>
    ShuttingDown = 3,

    /// <summary>Gone: left gracefully or declared dead by its peers. Final for this generation.</summary>
    Dead = 4,
}
