using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Ipmi.Lan;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Ipmi;

/// <summary>
/// The "ipmi" hardware type (Ironic's name): power, boot device and validation talk to the node's real BMC through
/// ipmitool over lanplus (<see cref="IpmiToolRunner"/>); power states are read in process (<see cref="IpmiLanClient"/>)
/// unless <see cref="IpmiDriverOptions.PowerStatusClient"/> says ipmitool. There is no deploy agent in this project yet, so the image
/// write, cleaning, inspection and rescue are done by the simulated agent of <see cref="SimulatedHardwareDriver"/>;
/// around them this driver does for real what the BMC does in Ironic's deploy: boot the deploy ramdisk from the
/// network before the write, and power off on tear down.
/// </summary>
public sealed partial class IpmiHardwareDriver : IHardwareDriver, IPowerInterface, IManagementInterface, IBootDeviceInterface, IDeployInterface
{
    /// <summary>The name nodes use to select this driver.</summary>
    public const string DriverName = "ipmi";

    private readonly IpmiToolRunner _ipmitool;
    private readonly IpmiLanClient _lan;
    private readonly SimulatedHardwareDriver _agent;
    private readonly IpmiDriverOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the driver.</summary>
    public IpmiHardwareDriver(
        IpmiToolRunner ipmitool,
        IpmiLanClient lan,
        SimulatedHardwareDriver agent,
        IOptions<IpmiDriverOptions> options,
        TimeProvider timeProvider,
        ILogger<IpmiHardwareDriver> logger)
    {
        ArgumentNullException.ThrowIfNull(ipmitool);
        ArgumentNullException.ThrowIfNull(lan);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _ipmitool = ipmitool;
        _lan = lan;
        _agent = agent;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => DriverName;

    /// <inheritdoc />
    public IPowerInterface Power => this;

    /// <inheritdoc />
    public IManagementInterface Management => this;

    /// <inheritdoc />
    public IBootDeviceInterface BootDevice => this;

    /// <inheritdoc />
    public IDeployInterface Deploy => this;

    /// <inheritdoc />
    public IBootInterface Boot => _agent.Boot;

    /// <inheritdoc />
    public IInspectInterface Inspect => _agent.Inspect;

    /// <inheritdoc />
    public IRescueInterface Rescue => _agent.Rescue;

    /// <inheritdoc />
    public IStepStatusInterface StepStatus => _agent.StepStatus;

    /// <inheritdoc />
    public async Task<DriverStepResult> ValidateAsync(NodeDriverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IpmiDriverInfo.TryParse(context.DriverInfo, out var problems) is not { } info)
        {
            return DriverStepResult.Failed(Invalid(problems));
        }

        try
        {
            // Reaching the BMC with these credentials is the check that matters (a wrong password is found here).
            await ReadPowerAsync(context.NodeId, info, cancellationToken).ConfigureAwait(false);
            return DriverStepResult.Done;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return DriverStepResult.Cancelled;
        }
        catch (DriverException exception)
        {
            return DriverStepResult.Failed(exception.Message);
        }
    }

    /// <inheritdoc />
    public Task<PowerState> GetPowerStateAsync(NodeDriverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ReadPowerAsync(context.NodeId, Parse(context), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DriverStepResult> SetPowerStateAsync(NodeDriverContext context, PowerAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var info = Parse(context);
            await ApplyPowerAsync(context.NodeId, info, action, cancellationToken).ConfigureAwait(false);
            return DriverStepResult.Done;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return DriverStepResult.Cancelled;
        }
        catch (DriverException exception)
        {
            return DriverStepResult.Failed(exception.Message);
        }
    }

    /// <inheritdoc />
    public async Task<BootDeviceSetting> GetBootDeviceAsync(NodeDriverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = await _ipmitool.RunAsync(context.NodeId, Parse(context), ["chassis", "bootparam", "get", "5"], cancellationToken).ConfigureAwait(false);
        return IpmiBootParameter.Parse(output);
    }

    /// <inheritdoc />
    public async Task SetBootDeviceAsync(NodeDriverContext context, BootDevice device, bool persistent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        List<string> command = ["chassis", "bootdev", IpmiBootParameter.Name(device)];
        if (persistent)
        {
            command.Add("options=persistent");
        }

        await _ipmitool.RunAsync(context.NodeId, Parse(context), command, cancellationToken).ConfigureAwait(false);
        LogBootDeviceSet(context.NodeId, device, persistent);
    }

    /// <inheritdoc />
    public async Task<DriverStepResult> WriteImageAsync(NodeDriverContext context, DeployImage image, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            // As Ironic's PXE deploy: the next boot goes to the network, into the deploy ramdisk, which writes the image.
            var info = Parse(context);
            await SetBootDeviceAsync(context, Provisioning.Drivers.BootDevice.Pxe, persistent: false, cancellationToken).ConfigureAwait(false);
            await ApplyPowerAsync(context.NodeId, info, PowerAction.Reboot, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return DriverStepResult.Cancelled;
        }
        catch (DriverException exception)
        {
            return DriverStepResult.Failed($"booting the deploy ramdisk failed: {exception.Message}");
        }

        return await _agent.WriteImageAsync(context, image, token, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<DriverStepResult> TearDownAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var off = await SetPowerStateAsync(context, PowerAction.Off, cancellationToken).ConfigureAwait(false);
        return off.Outcome == DriverStepOutcome.Done ? await _agent.TearDownAsync(context, token, cancellationToken).ConfigureAwait(false) : off;
    }

    /// <inheritdoc />
    public Task<DriverStepResult> CleanAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken) =>
        _agent.CleanAsync(context, token, cancellationToken);

    /// <inheritdoc />
    public Task<DriverStepResult> CleanAsync(NodeDriverContext context, IReadOnlyList<CleanStep> steps, StepToken token, CancellationToken cancellationToken) =>
        _agent.CleanAsync(context, steps, token, cancellationToken);

    private static IpmiDriverInfo Parse(NodeDriverContext context) =>
        IpmiDriverInfo.TryParse(context.DriverInfo, out var problems) ?? throw new DriverException(context.NodeId, Invalid(problems));

    private static string Invalid(IReadOnlyList<string> problems) => $"IPMI driver_info is invalid: {string.Join("; ", problems)}.";

    private async Task<PowerState> ReadPowerAsync(string nodeId, IpmiDriverInfo info, CancellationToken cancellationToken)
    {
        // The read a fleet-wide power sync makes for every node: in process when it can be, since an ipmitool start
        // costs tens of milliseconds of CPU before it sends a packet.
        if (_options.PowerStatusClient == IpmiPowerStatusClient.Native
            && await _lan.TryGetPowerStateAsync(nodeId, info, cancellationToken).ConfigureAwait(false) is { } state)
        {
            return state;
        }

        var output = await _ipmitool.RunAsync(nodeId, info, ["power", "status"], cancellationToken).ConfigureAwait(false);
        return output.Contains("is on", StringComparison.OrdinalIgnoreCase) ? PowerState.On
            : output.Contains("is off", StringComparison.OrdinalIgnoreCase) ? PowerState.Off
            : throw new DriverException(nodeId, $"IPMI: the BMC at {info.Endpoint} gave an unexpected power status: {output.Trim()}");
    }

    // As Ironic's ipmitool power interface: send the chassis command, then read until the power is where it should be
    // (the caller's token bounds the wait: power_state_change_timeout, or soft_power_off_timeout for a soft off).
    // A reboot is off then on, so it works the same from either state.
    private async Task ApplyPowerAsync(string nodeId, IpmiDriverInfo info, PowerAction action, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case PowerAction.On:
                await PowerAndWaitAsync(nodeId, info, "on", PowerState.On, cancellationToken).ConfigureAwait(false);
                break;
            case PowerAction.Off:
                await PowerAndWaitAsync(nodeId, info, "off", PowerState.Off, cancellationToken).ConfigureAwait(false);
                break;
            case PowerAction.SoftOff:
                await PowerAndWaitAsync(nodeId, info, "soft", PowerState.Off, cancellationToken).ConfigureAwait(false);
                break;
            case PowerAction.Reboot:
                if (await ReadPowerAsync(nodeId, info, cancellationToken).ConfigureAwait(false) != PowerState.Off)
                {
                    await PowerAndWaitAsync(nodeId, info, "off", PowerState.Off, cancellationToken).ConfigureAwait(false);
                }

                await PowerAndWaitAsync(nodeId, info, "on", PowerState.On, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Not a power action.");
        }

        LogPowerApplied(nodeId, action, info.Endpoint);
    }

    private async Task PowerAndWaitAsync(string nodeId, IpmiDriverInfo info, string verb, PowerState target, CancellationToken cancellationToken)
    {
        await _ipmitool.RunAsync(nodeId, info, ["power", verb], cancellationToken).ConfigureAwait(false);
        while (await ReadPowerAsync(nodeId, info, cancellationToken).ConfigureAwait(false) != target)
        {
            await Task.Delay(_options.PowerStatePollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
