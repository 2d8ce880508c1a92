namespace BareMetal.TestInfrastructure.Redfish;

/// <summary>
/// One ComputerSystem of a <see cref="RedfishService"/>: its power state and boot override, versioned by an ETag
/// that changes with every change. Tests change it directly to act "behind the control plane's back".
/// </summary>
public sealed class RedfishSystemState(string id)
{
    /// <summary>The reset types the system accepts (ResetType@Redfish.AllowableValues).</summary>
    public static readonly IReadOnlyList<string> ResetTypes = ["On", "ForceOff", "GracefulShutdown", "GracefulRestart", "ForceRestart", "PowerCycle", "Nmi"];

    /// <summary>The boot override targets the system accepts.</summary>
    public static readonly IReadOnlyList<string> BootTargets = ["None", "Pxe", "Hdd", "Cd", "BiosSetup"];

    /// <summary>The override modes.</summary>
    public static readonly IReadOnlyList<string> BootEnabledValues = ["Disabled", "Once", "Continuous"];

    private readonly Lock _lock = new();
    private readonly List<string> _resets = [];
    private readonly List<(string Target, string Enabled)> _bootChanges = [];
    private string _powerState = "Off";
    private string _bootTarget = "None";
    private string _bootEnabled = "Disabled";
    private long _version = 1;

    /// <summary>The system's Id ("1").</summary>
    public string Id { get; } = id;

    /// <summary>The system's path.</summary>
    public string Path => $"/redfish/v1/Systems/{Id}";

    /// <summary>"On" or "Off".</summary>
    public string PowerState
    {
        get { lock (_lock) { return _powerState; } }
        set { lock (_lock) { _powerState = value; _version++; } }
    }

    /// <summary>Boot.BootSourceOverrideTarget.</summary>
    public string BootTarget { get { lock (_lock) { return _bootTarget; } } }

    /// <summary>Boot.BootSourceOverrideEnabled.</summary>
    public string BootEnabled { get { lock (_lock) { return _bootEnabled; } } }

    /// <summary>The current ETag (a strong validator: a quoted version number).</summary>
    public string ETag { get { lock (_lock) { return $"\"{_version}\""; } } }

    /// <summary>The reset types received, in order.</summary>
    public IReadOnlyList<string> Resets { get { lock (_lock) { return [.. _resets]; } } }

    /// <summary>The boot overrides clients set by PATCH, in order (target, enabled).</summary>
    public IReadOnlyList<(string Target, string Enabled)> BootChanges { get { lock (_lock) { return [.. _bootChanges]; } } }

    /// <summary>Changes the boot override (as the firmware or another client would).</summary>
    public void SetBoot(string? target, string? enabled)
    {
        lock (_lock)
        {
            _bootTarget = target ?? _bootTarget;
            _bootEnabled = enabled ?? _bootEnabled;
            _version++;
        }
    }

    /// <summary>Marks the system changed without changing what a client sees, so any ETag read before is stale.</summary>
    public void Touch()
    {
        lock (_lock)
        {
            _version++;
        }
    }

    internal void PatchBoot(string? target, string? enabled)
    {
        lock (_lock)
        {
            SetBoot(target, enabled);
            _bootChanges.Add((_bootTarget, _bootEnabled));
        }
    }

    internal void Reset(string resetType)
    {
        lock (_lock)
        {
            _resets.Add(resetType);
            _powerState = resetType switch
            {
                "ForceOff" or "GracefulShutdown" => "Off",
                "Nmi" => _powerState,
                _ => "On",
            };
            _version++;
        }
    }
}
