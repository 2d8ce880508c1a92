namespace BareMetal.Runtime.Transport;

/// <summary>The outcome of parsing one frame from the receive buffer.</summary>
internal enum FrameReadStatus
{
    /// <summary>A whole frame was parsed.</summary>
    Frame,

    /// <summary>The buffer ends inside a frame: read more.</summary>
    Incomplete,

    /// <summary>The length prefix exceeds the limit: the peer must be disconnected.</summary>
    TooLarge,

    /// <summary>The length prefix is zero or negative: the stream is corrupt.</summary>
    Invalid,
}
