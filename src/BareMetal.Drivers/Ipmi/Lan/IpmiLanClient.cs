using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Ipmi.Lan;

/// <summary>
/// Reads BMCs' power state in process over IPMI v2.0 (RMCP+, cipher suite 3) instead of starting ipmitool: one
/// session per BMC and user, kept between reads while the BMC would keep it
/// (<see cref="IpmiDriverOptions.NativeSessionIdleTimeout"/>) and opened again after any failure; each read's wait for
/// its BMC's session and its exchange each bounded by <see cref="IpmiDriverOptions.CommandTimeout"/>, at most <see cref="IpmiDriverOptions.MaxConcurrentNativeRequests"/>
/// at once in this process, and retried by Ironic's rules like an ipmitool call.
/// </summary>
public sealed partial class IpmiLanClient : IAsyncDisposable, IDisposable
{
    private const byte NetFnChassis = 0x00;
    private const byte GetChassisStatus = 0x01;
    private const string ClientName = "native IPMI";

    private readonly IpmiDriverOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly IpmiCommandRetry _retry;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<IpmiLanTarget, IpmiLanSession> _sessions = new();
    private readonly ConcurrentDictionary<string, bool> _unsupported = new(StringComparer.Ordinal);
    private readonly IpmiConcurrencyGauge _inFlight = new();
    private long _powerReads;
    private long _sharedPowerReads;
    private long _sessionsOpened;

    /// <summary>Creates the client; sessions open on first use.</summary>
    public IpmiLanClient(IOptions<IpmiDriverOptions> options, TimeProvider timeProvider, ILogger<IpmiLanClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _clock = timeProvider;
        _logger = logger;
        _retry = new IpmiCommandRetry(_options, timeProvider, logger);
        _slots = new SemaphoreSlim(_options.MaxConcurrentNativeRequests, _options.MaxConcurrentNativeRequests);
    }

    /// <summary>How many requests (with their handshakes) run now.</summary>
    public int InFlight => _inFlight.Current;

    /// <summary>The most requests that ran at once since start or the last <see cref="ResetPeak"/>.</summary>
    public int PeakInFlight => _inFlight.Peak;

    /// <summary>How many power states were read from BMCs (Get Chassis Status requests answered).</summary>
    public long PowerReads => Interlocked.Read(ref _powerReads);

    /// <summary>How many reads took the answer of a read of the same BMC sent after they began waiting, instead of a request of their own.</summary>
    public long SharedPowerReads => Interlocked.Read(ref _sharedPowerReads);

    /// <summary>How many sessions were opened (a handshake each).</summary>
    public long SessionsOpened => Interlocked.Read(ref _sessionsOpened);

    /// <summary>Starts a new measurement of <see cref="PeakInFlight"/>.</summary>
    public void ResetPeak() => _inFlight.ResetPeak();

    /// <summary>Forgets every session without telling the BMCs (they end them at their inactivity timeout); prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        foreach (var session in _sessions.Values)
        {
            session.Drop();
        }

        _sessions.Clear();
    }

    /// <summary>Closes every open session at its BMC (2 s at most in all: BMCs allow only a few sessions), then forgets them.</summary>
    public async ValueTask DisposeAsync()
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Task.WhenAll(_sessions.Values.Select(async session =>
        {
            if (session.IsOpen && await session.Lock.WaitAsync(0).ConfigureAwait(false))
            {
                await session.CloseAsync(_clock, budget.Token).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
        Dispose();
    }

    /// <summary>
    /// Reads the node's power state over RMCP+; null when this client cannot talk to the node's BMC (bridging, a
    /// cipher suite other than 3, or a BMC that does not offer it), and the caller should use ipmitool.
    /// </summary>
    /// <exception cref="DriverException">The read failed; the message says why, for operators.</exception>
    internal async Task<PowerState?> TryGetPowerStateAsync(string nodeId, IpmiDriverInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.BridgingArguments.Count > 0 || (info.CipherSuite ?? _options.DefaultCipherSuite) != 3 || _unsupported.ContainsKey(info.Endpoint))
        {
            return null;
        }

        var target = IpmiLanTarget.From(info);
        try
        {
            return await _retry.RunAsync(nodeId, info, "power status", ClientName, c => ReadPowerOnceAsync(target, c), cancellationToken).ConfigureAwait(false);
        }
        catch (IpmiLanException unsupported) when (unsupported.Failure.Kind == IpmiFailureKind.Unsupported)
        {
            // Remembered for the life of this process, so the refused handshake is not repeated on every read.
            _unsupported[info.Endpoint] = true;
            LogFallback(nodeId, info.Endpoint, unsupported.Failure.Detail);
            return null;
        }
    }

    private async Task<(PowerState, IpmiFailure?)> ReadPowerOnceAsync(IpmiLanTarget target, CancellationToken cancellationToken)
    {
        var session = _sessions.GetOrAdd(target, t => new IpmiLanSession(t));
        // Nodes behind the same BMC (and user) read the same chassis: a read sent after this one began waiting answers
        // it as well as its own, so a queue of nodes on one BMC costs one request, not one each.
        var askedAfter = session.PowerReadsSent;
        using (var queued = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            queued.CancelAfter(_options.CommandTimeout);
            try
            {
                // Waiting behind other reads of the same BMC is bounded by the timeout too, so a hung BMC fails every
                // waiting read after about CommandTimeout, not one after the other.
                await session.Lock.WaitAsync(queued.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (default, NoAnswer("while other calls to this BMC went first"));
            }
        }

        // The exchange gets a whole CommandTimeout of its own: when it runs out, the BMC itself did not answer for that
        // long, which is the sign that the session is gone, so only then is the session dropped.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CommandTimeout);
        try
        {
            if (session.LastPowerRead is { } shared && shared.Number > askedAfter)
            {
                Interlocked.Increment(ref _sharedPowerReads);
                return (shared.On ? PowerState.On : PowerState.Off, null);
            }

            await _slots.WaitAsync(timeout.Token).ConfigureAwait(false);
            _inFlight.Enter();
            try
            {
                return await ReadPowerInSessionAsync(session, timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                _inFlight.Exit();
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The BMC may have lost the session (restarted, timed it out): the next try starts a fresh one.
            session.Drop();
            return (default, NoAnswer(null));
        }
        catch (SocketException network)
        {
            session.Drop();
            return (default, new IpmiFailure(IpmiFailureKind.NoAnswer, $"network error: {network.Message}"));
        }
        catch (IpmiLanException refused) when (refused.Failure.Kind != IpmiFailureKind.Unsupported)
        {
            session.Drop();
            if (refused.Failure.Kind == IpmiFailureKind.Credentials)
            {
                // Wrong credentials are fixed with a PATCH, which makes a new target; this one is not used again.
                _sessions.TryRemove(KeyValuePair.Create(target, session));
            }

            return (default, refused.Failure);
        }
        catch (IpmiLanException)
        {
            // Unsupported: the caller falls back to ipmitool.
            session.Drop();
            throw;
        }
        finally
        {
            session.Lock.Release();
        }
    }

    private async Task<(PowerState, IpmiFailure?)> ReadPowerInSessionAsync(IpmiLanSession session, CancellationToken cancellationToken)
    {
        if (session.IsOpen && _clock.GetElapsedTime(session.LastAnswered) > _options.NativeSessionIdleTimeout)
        {
            // The BMC may already have ended it; a session it still holds is closed, not leaked (BMCs have few).
            await session.CloseAsync(_clock, cancellationToken).ConfigureAwait(false);
        }

        if (!session.IsOpen)
        {
            await session.OpenAsync(_clock, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _sessionsOpened);
            LogSessionOpened(session.Target.Endpoint, session.Target.UserName);
        }

        var number = session.StartPowerRead();
        var status = await session.SendAsync(NetFnChassis, GetChassisStatus, [], _clock, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _powerReads);
        if (status.CompletionCode != 0)
        {
            var code = $"Get Chassis Status: completion code 0x{status.CompletionCode.ToString("X2", CultureInfo.InvariantCulture)}";
            return (default, status.CompletionCode switch
            {
                // Node busy, timeout, response could not be provided: Ironic's retryable answers.
                0xC0 or 0xC3 or 0xCE => new IpmiFailure(IpmiFailureKind.Busy, code + " (BMC busy)"),
                0xD4 => new IpmiFailure(IpmiFailureKind.Credentials, code + " (insufficient privilege level)"),
                _ => new IpmiFailure(IpmiFailureKind.Command, code),
            });
        }

        // Byte 1 of the answer, bit 0: "power is on" (IPMI v2.0, table 28-3).
        if (status.Data.Length < 1)
        {
            return (default, new IpmiFailure(IpmiFailureKind.Command, "Get Chassis Status: the answer has no power state"));
        }

        var on = (status.Data[0] & 0x01) != 0;
        session.RecordPowerRead(number, on);
        return (on ? PowerState.On : PowerState.Off, null);
    }

    private IpmiFailure NoAnswer(string? why) => new(
        IpmiFailureKind.NoAnswer,
        $"no answer within {_options.CommandTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s" + (why is null ? string.Empty : $" ({why})"));
}
