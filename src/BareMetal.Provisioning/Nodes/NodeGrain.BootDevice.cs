using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Provisioning.Nodes;

// Boot device control (Ironic's management boot_device API). These calls interleave with the node's other work: the
// BMC is asked off the turn while the node keeps answering, and nothing is written to the node's state, so a reading
// of driver_info taken at the start is all they share with writers. A node running a step refuses them, as Ironic's
// node lock would, so an operator cannot change the boot device under a deploy.
public sealed partial class NodeGrain
{
    /// <inheritdoc />
    public async Task<NodeBootDevice> GetBootDevice()
    {
        var (control, context) = BootDeviceControl("read the boot device");
        var setting = await CallBmcAsync(cancellation => control.GetBootDeviceAsync(context, cancellation));
        return new NodeBootDevice(setting.Device is { } device ? BootDeviceName(device) : null, setting.Persistent);
    }

    /// <inheritdoc />
    public async Task SetBootDevice(NodeBootDevice request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var device = request.BootDevice switch
        {
            "pxe" => BootDevice.Pxe,
            "disk" => BootDevice.Disk,
            "cdrom" => BootDevice.Cdrom,
            "bios" => BootDevice.Bios,
            _ => throw new NodeRequestRefusedException(Id, "set boot device", $"'{request.BootDevice}' is not a boot device; use one of {string.Join(", ", NodeBootDevice.Names)}"),
        };
        var (control, context) = BootDeviceControl("set the boot device");
        await CallBmcAsync(async cancellation =>
        {
            await control.SetBootDeviceAsync(context, device, request.Persistent, cancellation);
            return true;
        });
        LogBootDeviceSet(Id, request.BootDevice!, request.Persistent);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> SupportedBootDevices()
    {
        var state = Existing();
        IReadOnlyList<string> names = drivers.TryGetDriver(state.Driver, out var driver) && driver.BootDevice is not null ? NodeBootDevice.Names : [];
        return Task.FromResult(names);
    }

    private (IBootDeviceInterface Control, NodeDriverContext Context) BootDeviceControl(string what)
    {
        var state = Existing();
        if (!drivers.TryGetDriver(state.Driver, out var driver) || driver.BootDevice is not { } control)
        {
            throw new NodeRequestRefusedException(Id, what, $"the {state.Driver} hardware type cannot choose a boot device");
        }

        if (state.Step is { } step)
        {
            throw new NodeRequestRefusedException(Id, what, $"a {NodeStepExecutor.Describe(step.Kind)} step is running; try again when it ended");
        }

        return (control, new NodeDriverContext(Id, state.DriverInfo, ImmutableDictionary<string, string>.Empty));
    }

    // Off the turn (NodeDriverWork), bounded like a power action; a BMC failure becomes a NodeHardwareException that
    // carries its reason.
    private async Task<T> CallBmcAsync<T>(Func<CancellationToken, Task<T>> call)
    {
        var timeout = _options.PowerActionTimeout;
        try
        {
            return await NodeDriverWork.CallBmcAsync(call, timeout);
        }
        catch (DriverException failure)
        {
            throw new NodeHardwareException(failure.Message);
        }
        catch (OperationCanceledException)
        {
            throw new NodeHardwareException($"the BMC of node {Id} did not answer within {timeout.TotalSeconds} s");
        }
    }

    private static string BootDeviceName(BootDevice device) => device switch
    {
        BootDevice.Pxe => "pxe",
        BootDevice.Disk => "disk",
        BootDevice.Cdrom => "cdrom",
        _ => "bios",
    };
}
