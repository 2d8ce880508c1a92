namespace BareMetal.Runtime.Transport;

/// <summary>What a sender must do after committing its frame.</summary>
internal enum FlushOutcome
{
    /// <summary>Nothing: the frame is committed, or the flush loop will commit it.</summary>
    Done,

    /// <summary>The flush is waiting on backpressure: hand it to the flush loop.</summary>
    WakeFlushLoop,

    /// <summary>Kestrel stopped reading the output: the connection is gone.</summary>
    TransportGone,
}
