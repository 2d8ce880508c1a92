namespace BareMetal.Host;

/// <summary>Whether the host can serve requests: its silo has started (or joined its cluster), or its cluster client is connected.</summary>
public sealed class HostReadiness
{
    private volatile string? _notReadyReason = "starting";

    /// <summary>Why the host is not ready; null when it is.</summary>
    public string? NotReadyReason => _notReadyReason;

    /// <summary>Marks the host ready.</summary>
    public void MarkReady() => _notReadyReason = null;

    /// <summary>Marks the host not ready, with the reason.</summary>
    public void MarkNotReady(string reason) => _notReadyReason = reason;
}
