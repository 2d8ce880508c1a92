namespace BareMetal.Runtime.Timers;

/// <summary>A grain timer as its activation sees it: something that runs a tick as a turn.</summary>
internal interface IGrainTimerTick : IDisposable
{
    bool Interleave { get; }

    bool KeepAlive { get; }

    Task RunTickAsync();
}
