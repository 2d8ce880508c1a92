using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Simulated;

/// <summary>
/// One simulated node's BMC: its power state, what has been written to its disk, how many times each
/// step kind was called and really ran, and the faults injected for it. Thread-safe.
/// </summary>
public sealed class SimulatedBmc
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SimulatedStepKind, int> _calls = [];
    private readonly Dictionary<SimulatedStepKind, int> _runs = [];
    private readonly Dictionary<(SimulatedStepKind Kind, int Call), string> _failures = [];
    private readonly Dictionary<SimulatedStepKind, int> _hangs = [];
    private readonly Dictionary<SimulatedStepKind, TaskCompletionSource> _hanging = [];
    private int _unreachableReads;
    private PowerState _powerState;
    private DeployImage? _image;
    private IReadOnlyDictionary<string, string> _credentials = new Dictionary<string, string>();
    private IReadOnlyList<CleanStep> _cleanSteps = [];

    /// <summary>Creates a BMC.</summary>
    /// <param name="nodeId">The node it belongs to.</param>
    /// <param name="initialPowerState">The power state before anyone touches it.</param>
    public SimulatedBmc(string nodeId, PowerState initialPowerState = PowerState.Off)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        NodeId = nodeId;
        _powerState = initialPowerState;
    }

    /// <summary>The node this BMC belongs to.</summary>
    public string NodeId { get; }

    /// <summary>The hardware's actual power state.</summary>
    public PowerState PowerState
    {
        get
        {
            lock (_gate)
            {
                return _powerState;
            }
        }
    }

    /// <summary>The image last written to the disk; <see langword="null"/> when none or after a clean.</summary>
    public DeployImage? Image
    {
        get
        {
            lock (_gate)
            {
                return _image;
            }
        }
    }

    /// <summary>
    /// The driver_info the last management validation presented, as a real BMC would see the credentials it checks
    /// (secrets included: the simulated hardware is the one place that legitimately knows them).
    /// </summary>
    public IReadOnlyDictionary<string, string> LastValidatedDriverInfo
    {
        get
        {
            lock (_gate)
            {
                return _credentials;
            }
        }
    }

    /// <summary>The steps the last manual clean ran, in order; empty when none ran.</summary>
    public IReadOnlyList<CleanStep> LastCleanSteps
    {
        get
        {
            lock (_gate)
            {
                return _cleanSteps;
            }
        }
    }

    /// <summary>How many times a step of <paramref name="kind"/> was called, whatever its end.</summary>
    public int CallCount(SimulatedStepKind kind)
    {
        lock (_gate)
        {
            return _calls.GetValueOrDefault(kind);
        }
    }

    /// <summary>How many times a step of <paramref name="kind"/> really ran (took effect on the hardware).</summary>
    public int RunCount(SimulatedStepKind kind)
    {
        lock (_gate)
        {
            return _runs.GetValueOrDefault(kind);
        }
    }

    /// <summary>Changes the power state behind the control plane's back (someone pressed the button).</summary>
    public void DriftPowerState(PowerState powerState)
    {
        lock (_gate)
        {
            _powerState = powerState;
        }
    }

    /// <summary>Makes the <paramref name="n"/>th call of <paramref name="kind"/> from now (1 = the next) fail with <paramref name="message"/>.</summary>
    public void FailNthCall(SimulatedStepKind kind, int n, string message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        lock (_gate)
        {
            _failures[(kind, _calls.GetValueOrDefault(kind) + n)] = message;
        }
    }

    /// <summary>Makes the next <paramref name="calls"/> calls of <paramref name="kind"/> hang until cancelled.</summary>
    public void HangNextCalls(SimulatedStepKind kind, int calls = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        lock (_gate)
        {
            _hangs[kind] = _hangs.GetValueOrDefault(kind) + calls;
        }
    }

    /// <summary>
    /// Completes once a call of <paramref name="kind"/> has started hanging (see <see cref="HangNextCalls"/>),
    /// so tests can wait for the hang instead of sleeping.
    /// </summary>
    public Task WhenHanging(SimulatedStepKind kind)
    {
        lock (_gate)
        {
            return HangSignalLocked(kind).Task;
        }
    }

    /// <summary>Makes the next <paramref name="reads"/> power state reads throw <see cref="DriverException"/>.</summary>
    public void MakeUnreachable(int reads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(reads, 1);
        lock (_gate)
        {
            _unreachableReads = reads;
        }
    }

    /// <summary>Removes every injected fault (counters and state stay).</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _failures.Clear();
            _hangs.Clear();
            _unreachableReads = 0;
        }
    }

    internal void PresentCredentials(IReadOnlyDictionary<string, string> driverInfo)
    {
        var copy = new Dictionary<string, string>(driverInfo, StringComparer.Ordinal);
        lock (_gate)
        {
            _credentials = copy;
        }
    }

    internal SimulatedCall BeginCall(SimulatedStepKind kind)
    {
        lock (_gate)
        {
            var number = _calls.GetValueOrDefault(kind) + 1;
            _calls[kind] = number;
            _failures.Remove((kind, number), out var failure);
            var hang = _hangs.GetValueOrDefault(kind) > 0;
            if (hang)
            {
                _hangs[kind]--;
            }

            var unreachable = kind == SimulatedStepKind.GetPowerState && _unreachableReads > 0;
            if (unreachable)
            {
                _unreachableReads--;
            }

            return new SimulatedCall(number, failure, hang, unreachable);
        }
    }

    internal void MarkHanging(SimulatedStepKind kind)
    {
        lock (_gate)
        {
            HangSignalLocked(kind).TrySetResult();
        }
    }

    private TaskCompletionSource HangSignalLocked(SimulatedStepKind kind)
    {
        if (!_hanging.TryGetValue(kind, out var signal))
        {
            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _hanging[kind] = signal;
        }

        return signal;
    }

    internal void CompleteRun(SimulatedStepKind kind, PowerState? powerState = null, DeployImage? image = null, bool wipeImage = false, IReadOnlyList<CleanStep>? cleanSteps = null)
    {
        lock (_gate)
        {
            if (cleanSteps is not null)
            {
                _cleanSteps = cleanSteps;
            }

            _runs[kind] = _runs.GetValueOrDefault(kind) + 1;
            if (powerState is { } power)
            {
                _powerState = power;
            }

            if (image is not null)
            {
                _image = image;
            }
            else if (wipeImage)
            {
                _image = null;
            }
        }
    }
}
