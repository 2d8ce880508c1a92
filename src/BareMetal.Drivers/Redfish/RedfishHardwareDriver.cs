using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Redfish;

/// <summary>
/// The "redfish" hardware type: power, power state, boot device and management validation through a BMC's Redfish
/// service (DMTF DSP0266) over HTTP(S). Writing images, cleaning, inspection and rescue have no ramdisk agent of their
/// own in this tree, so they are handed to the simulated agent of <see cref="SimulatedHardwareDriver"/>; the power and
/// boot changes around them (network boot before the image write, power off at tear down) are real.
/// </summary>
public sealed partial class RedfishHardwareDriver :
    IHardwareDriver, IPowerInterface, IManagementInterface, IBootDeviceInterface, IDeployInterface, IAsyncDisposable
{
    /// <summary>The name nodes use to select this driver (Ironic's hardware type name).</summary>
    public const string DriverName = "redfish";

    private const string ResetAction = "#ComputerSystem.Reset";

    // BMCs allow few sessions at once; ending ours at shutdown frees them for the next silo instead of leaving them to expire.
    private static readonly TimeSpan s_logOutBudget = TimeSpan.FromSeconds(5);

    private readonly IHttpClientFactory _httpClients;
    private readonly RedfishSessionCache _sessions;
    private readonly RedfishRequestLimiter _limiter;
    private readonly RedfishDriverOptions _options;
    private readonly SimulatedHardwareDriver _agent;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    // The system found for nodes whose driver_info names none, by BMC address: one collection read per BMC, not per call.
    private readonly ConcurrentDictionary<string, string> _onlySystems = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>Creates the driver.</summary>
    public RedfishHardwareDriver(
        IHttpClientFactory httpClients,
        RedfishSessionCache sessions,
        RedfishRequestLimiter limiter,
        IOptions<RedfishDriverOptions> options,
        SimulatedHardwareDriver agent,
        TimeProvider timeProvider,
        ILogger<RedfishHardwareDriver> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClients = httpClients;
        _sessions = sessions;
        _limiter = limiter;
        _options = options.Value;
        _agent = agent;
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
    public IBootInterface Boot => _agent;

    /// <inheritdoc />
    public IInspectInterface Inspect => _agent;

    /// <inheritdoc />
    public IRescueInterface Rescue => _agent;

    /// <inheritdoc />
    public IStepStatusInterface StepStatus => _agent;

    /// <inheritdoc />
    public async Task<DriverStepResult> ValidateAsync(NodeDriverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (info, problems) = RedfishDriverInfo.Parse(context.DriverInfo);
        if (info is null)
        {
            return DriverStepResult.Failed(InvalidDriverInfo(problems));
        }

        return await StepAsync(context, "validate management", async (client, ct) =>
        {
            var root = await client.GetServiceRootAsync(ct).ConfigureAwait(false);
            if (root.Body["RedfishVersion"] is null && !Text(root.Body["@odata.type"]).StartsWith("#ServiceRoot.", StringComparison.Ordinal))
            {
                throw new DriverException(context.NodeId, $"{info.Address}{RedfishBmcClient.ServiceRootPath} is not a Redfish service root");
            }

            var system = await ReadSystemAsync(client, info, context.NodeId, ct).ConfigureAwait(false);
            LogValidated(context.NodeId, info.Address, system.Path);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<PowerState> GetPowerStateAsync(NodeDriverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (client, info) = Connect(context);
        try
        {
            var system = await ReadSystemAsync(client, info, context.NodeId, cancellationToken).ConfigureAwait(false);
            return PowerStateOf(system);
        }
        catch (RedfishRequestException exception)
        {
            throw Refused(context, info, exception);
        }
    }

    /// <inheritdoc />
    public Task<DriverStepResult> SetPowerStateAsync(NodeDriverContext context, PowerAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return StepAsync(context, $"power {action}", (client, ct) => ApplyPowerAsync(client, context, action, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<BootDeviceSetting> GetBootDeviceAsync(NodeDriverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (client, info) = Connect(context);
        try
        {
            var system = await ReadSystemAsync(client, info, context.NodeId, cancellationToken).ConfigureAwait(false);
            var boot = system.Body["Boot"] as JsonObject;
            var enabled = Text(boot?["BootSourceOverrideEnabled"]);
            return enabled is RedfishBootTarget.Once or RedfishBootTarget.Continuous
                ? new BootDeviceSetting(RedfishBootTarget.DeviceOf(Text(boot?["BootSourceOverrideTarget"])), enabled == RedfishBootTarget.Continuous)
                : new BootDeviceSetting(null, false);
        }
        catch (RedfishRequestException exception)
        {
            throw Refused(context, info, exception);
        }
    }

    /// <inheritdoc />
    public async Task SetBootDeviceAsync(NodeDriverContext context, BootDevice device, bool persistent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (client, info) = Connect(context);
        try
        {
            await ApplyBootDeviceAsync(client, context, device, persistent, cancellationToken).ConfigureAwait(false);
        }
        catch (RedfishRequestException exception)
        {
            throw Refused(context, info, exception);
        }
    }

    /// <inheritdoc />
    public async Task<DriverStepResult> WriteImageAsync(NodeDriverContext context, DeployImage image, StepToken token, CancellationToken cancellationToken)
    {
        // The node boots the deploy ramdisk from the network once; the instance's own boot comes after.
        var boot = await StepAsync(
            context,
            "set boot device",
            (client, ct) => ApplyBootDeviceAsync(client, context, Provisioning.Drivers.BootDevice.Pxe, persistent: false, ct),
            cancellationToken).ConfigureAwait(false);
        return boot.Outcome == DriverStepOutcome.Done
            ? await _agent.WriteImageAsync(context, image, token, cancellationToken).ConfigureAwait(false)
            : boot;
    }

    /// <inheritdoc />
    public async Task<DriverStepResult> TearDownAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken)
    {
        var off = await SetPowerStateAsync(context, PowerAction.Off, cancellationToken).ConfigureAwait(false);
        return off.Outcome == DriverStepOutcome.Done
            ? await _agent.TearDownAsync(context, token, cancellationToken).ConfigureAwait(false)
            : off;
    }

    /// <inheritdoc />
    public Task<DriverStepResult> CleanAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken) =>
        _agent.CleanAsync(context, token, cancellationToken);

    /// <inheritdoc />
    public Task<DriverStepResult> CleanAsync(NodeDriverContext context, IReadOnlyList<CleanStep> steps, StepToken token, CancellationToken cancellationToken) =>
        _agent.CleanAsync(context, steps, token, cancellationToken);

    /// <summary>Ends the Redfish sessions this silo holds (best effort, a few seconds at most).</summary>
    public async ValueTask DisposeAsync()
    {
        // DI may dispose the same instance twice (registered as itself and as IHardwareDriver).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using var budget = new CancellationTokenSource(s_logOutBudget);
        var logOuts = _sessions.TakeAll().Select(async held =>
        {
            var http = _httpClients.CreateClient(RedfishHttpClientNames.For(held.Info.CertificateCheck));
            var client = new RedfishBmcClient(http, held.Info, "(silo shutdown)", _sessions, _limiter, _options, _logger);
            try
            {
                await client.LogOutAsync(held.Session, budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Out of time: the BMC expires the session itself.
            }
        });
        await Task.WhenAll(logOuts).ConfigureAwait(false);
    }

    private async Task ApplyPowerAsync(RedfishBmcClient client, NodeDriverContext context, PowerAction action, CancellationToken cancellationToken)
    {
        var info = InfoOf(context);
        var system = await ReadSystemAsync(client, info, context.NodeId, cancellationToken).ConfigureAwait(false);
        var current = PowerStateOf(system);
        if (RedfishResetType.For(action, current == PowerState.On) is not { } resetType)
        {
            LogPowerAlreadyThere(context.NodeId, action, current);
            return;
        }

        var (target, allowed) = ResetActionOf(system, context.NodeId);
        if (allowed is not null && !allowed.Contains(resetType, StringComparer.Ordinal))
        {
            throw new DriverException(context.NodeId, $"the BMC at {info.Address} does not offer ResetType {resetType} for {system.Path} (it offers {string.Join(", ", allowed)})");
        }

        await client.PostAsync(target, new JsonObject { ["ResetType"] = resetType }, cancellationToken).ConfigureAwait(false);
        LogReset(context.NodeId, action, resetType, system.Path);

        // A BMC acts on a reset in its own time: wait until the system reports the state the action leads to.
        var wanted = action is PowerAction.On or PowerAction.Reboot ? PowerState.On : PowerState.Off;
        while (PowerStateOf(system = await client.GetAsync(system.Path, cancellationToken).ConfigureAwait(false)) != wanted)
        {
            await Task.Delay(_options.PowerStatePollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ApplyBootDeviceAsync(RedfishBmcClient client, NodeDriverContext context, BootDevice device, bool persistent, CancellationToken cancellationToken)
    {
        var info = InfoOf(context);
        var target = RedfishBootTarget.Of(device);
        var enabled = persistent ? RedfishBootTarget.Continuous : RedfishBootTarget.Once;
        var patch = new JsonObject
        {
            ["Boot"] = new JsonObject { ["BootSourceOverrideTarget"] = target, ["BootSourceOverrideEnabled"] = enabled },
        };
        var system = await ReadSystemAsync(client, info, context.NodeId, cancellationToken).ConfigureAwait(false);
        if (system.Body["Boot"]?["BootSourceOverrideTarget@Redfish.AllowableValues"] is JsonArray allowable)
        {
            var allowed = allowable.Select(Text).ToList();
            if (!allowed.Contains(target, StringComparer.Ordinal))
            {
                throw new DriverException(context.NodeId, $"the BMC at {info.Address} cannot boot {system.Path} from {target} (it offers {string.Join(", ", allowed)})");
            }
        }

        try
        {
            await client.PatchAsync(system.Path, patch.DeepClone().AsObject(), system.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RedfishRequestException exception) when (exception.Status is HttpStatusCode.PreconditionFailed)
        {
            // The system changed since it was read (another client, the BMC itself): read it again and retry once.
            LogStaleETag(context.NodeId, system.Path);
            system = await client.GetAsync(system.Path, cancellationToken).ConfigureAwait(false);
            await client.PatchAsync(system.Path, patch, system.ETag, cancellationToken).ConfigureAwait(false);
        }

        LogBootDeviceSet(context.NodeId, device, persistent, system.Path);
    }

    private async Task<RedfishResource> ReadSystemAsync(RedfishBmcClient client, RedfishDriverInfo info, string nodeId, CancellationToken cancellationToken)
    {
        var key = info.Address.AbsoluteUri;
        var path = info.SystemId ?? _onlySystems.GetValueOrDefault(key);
        if (path is null)
        {
            var systems = await client.GetAsync("/redfish/v1/Systems", cancellationToken).ConfigureAwait(false);
            var members = (systems.Body["Members"] as JsonArray ?? []).Select(m => Text(m?["@odata.id"])).Where(p => p.Length > 0).ToList();
            if (members.Count != 1)
            {
                throw new DriverException(nodeId, members.Count == 0
                    ? $"the BMC at {info.Address} lists no systems"
                    : $"the BMC at {info.Address} manages {members.Count} systems; set {RedfishDriverInfoKeys.SystemId} to one of {string.Join(", ", members)}");
            }

            path = _onlySystems[key] = members[0];
        }

        try
        {
            return await client.GetAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (RedfishRequestException exception) when (exception.Status == HttpStatusCode.NotFound)
        {
            _onlySystems.TryRemove(key, out _);
            throw new DriverException(nodeId, $"the BMC at {info.Address} has no system {path} ({RedfishDriverInfoKeys.SystemId})");
        }
    }

    private static (string Target, IReadOnlyList<string>? Allowed) ResetActionOf(RedfishResource system, string nodeId)
    {
        if (system.Body["Actions"]?[ResetAction] is not JsonObject reset || Text(reset["target"]) is not { Length: > 0 } target)
        {
            throw new DriverException(nodeId, $"the system {system.Path} offers no {ResetAction} action");
        }

        var allowed = reset["ResetType@Redfish.AllowableValues"] is JsonArray values ? values.Select(Text).ToList() : null;
        return (target, allowed);
    }

    private static PowerState PowerStateOf(RedfishResource system) => Text(system.Body["PowerState"]) switch
    {
        // As Ironic: a transition counts as the state it heads to.
        "On" or "PoweringOn" => PowerState.On,
        "Off" or "PoweringOff" => PowerState.Off,
        "Paused" => PowerState.Error,
        _ => PowerState.Unknown,
    };

    // Runs a step and turns its failure into a result; a cancelled step is Cancelled.
    private async Task<DriverStepResult> StepAsync(NodeDriverContext context, string what, Func<RedfishBmcClient, CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        RedfishDriverInfo? info = null;
        try
        {
            var (client, parsed) = Connect(context);
            info = parsed;
            await step(client, cancellationToken).ConfigureAwait(false);
            return DriverStepResult.Done;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return DriverStepResult.Cancelled;
        }
        catch (RedfishRequestException exception)
        {
            var refused = Refused(context, info!, exception);
            LogStepFailed(context.NodeId, what, refused.Message);
            return DriverStepResult.Failed(refused.Message);
        }
        catch (DriverException exception)
        {
            LogStepFailed(context.NodeId, what, exception.Message);
            return DriverStepResult.Failed(exception.Message);
        }
    }

    private (RedfishBmcClient Client, RedfishDriverInfo Info) Connect(NodeDriverContext context)
    {
        var info = InfoOf(context);
        HttpClient http;
        try
        {
            http = _httpClients.CreateClient(RedfishHttpClientNames.For(info.CertificateCheck));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            // The CA bundle is read when its client is first built: a bundle removed or unreadable since validation ends up here.
            throw new DriverException(context.NodeId, $"cannot read the CA bundle {info.CertificateCheck.CaBundlePath} ({RedfishDriverInfoKeys.VerifyCa}): {exception.Message}", exception);
        }

        return (new RedfishBmcClient(http, info, context.NodeId, _sessions, _limiter, _options, _logger), info);
    }

    private static RedfishDriverInfo InfoOf(NodeDriverContext context)
    {
        var (info, problems) = RedfishDriverInfo.Parse(context.DriverInfo);
        return info ?? throw new DriverException(context.NodeId, InvalidDriverInfo(problems));
    }

    private static DriverException Refused(NodeDriverContext context, RedfishDriverInfo info, RedfishRequestException exception) =>
        new(context.NodeId, $"the BMC at {info.Address} refused {exception.Message}", exception);

    private static string InvalidDriverInfo(IReadOnlyList<string> problems) => $"invalid driver_info for redfish: {string.Join("; ", problems)}";

    private static string Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
}
