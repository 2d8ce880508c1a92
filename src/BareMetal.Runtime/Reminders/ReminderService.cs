using BareMetal.Configuration;
using BareMetal.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Reminders;

/// <summary>
/// Delivers durable reminders: keeps a timer for each row in this silo's range of the table, calls
/// <see cref="IRemindable.ReceiveReminder"/> on the grain when due (activating it if needed), and
/// re-reads the table periodically and at start, so reminders survive restarts. Delivery is at least
/// once: a tick whose call fails is not retried, but the next one comes at its time.
/// </summary>
internal sealed partial class ReminderService : ISiloLifecycleParticipant, IDisposable
{
    private readonly IReminderTable? _table;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ReminderOptions _options;
    private readonly ILogger<ReminderService> _logger;
    private readonly Placement.GrainLocator _locator;
    private readonly Dictionary<(GrainId, string), LocalReminder> _local = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private ITimer? _refreshTimer;
    private volatile bool _running;

    public ReminderService(IServiceProvider services, Placement.GrainLocator locator, TimeProvider time, IOptions<ReminderOptions> options, ILogger<ReminderService> logger)
    {
        _locator = locator;
        _services = services;
        _table = services.GetService<IReminderTable>();
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public int Stage => SiloLifecycleStage.ApplicationServices;

    /// <summary>Number of reminders this silo is delivering.</summary>
    public int LocalCount
    {
        get
        {
            lock (_lock)
            {
                return _local.Count;
            }
        }
    }

    private IReminderTable Table => _table ?? throw new InvalidOperationException(
        "Reminders are not configured: register a reminder table with UseInMemoryReminders, UseSqliteReminders or UsePostgresReminders.");

    public async Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (_table is null)
        {
            return;
        }

        _running = true;
        await RefreshAsync(cancellationToken);

        // When the ring changes (a silo joined or died), ranges move: re-read at once so a dead silo's
        // reminders are taken over by their new owners without waiting for the periodic refresh.
        _locator.RingChanged += OnRingChanged;
        _refreshTimer = _time.CreateTimer(
            static s => _ = ((ReminderService)s!).RefreshSafelyAsync(), this, _options.RefreshReminderListPeriod, _options.RefreshReminderListPeriod);
    }

    public Task OnStopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _running = false;
        _locator.RingChanged -= OnRingChanged;
        _refreshTimer?.Dispose();
        lock (_lock)
        {
            foreach (var reminder in _local.Values)
            {
                reminder.Dispose();
            }

            _local.Clear();
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reminderName);
        if (period < _options.MinimumReminderPeriod)
        {
            throw new ArgumentOutOfRangeException(
                nameof(period), period, $"Reminder '{reminderName}' of grain {grainId}: the period must be at least {_options.MinimumReminderPeriod} (ReminderOptions.MinimumReminderPeriod).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        var entry = new ReminderEntry { GrainId = grainId, ReminderName = reminderName, StartAt = _time.GetUtcNow() + dueTime, Period = period };
        var etag = await Table.UpsertRowAsync(entry, cancellationToken);
        Schedule(entry with { ETag = etag });
        return new GrainReminder(reminderName, etag, period, entry.StartAt);
    }

    public async Task UnregisterAsync(GrainId grainId, IGrainReminder reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var row = await Table.ReadRowAsync(grainId, reminder.ReminderName, cancellationToken);
        if (row?.ETag is not null)
        {
            await Table.RemoveRowAsync(grainId, reminder.ReminderName, row.ETag, cancellationToken);
        }

        lock (_lock)
        {
            if (_local.Remove((grainId, reminder.ReminderName), out var local))
            {
                local.Dispose();
            }
        }
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var row = await Table.ReadRowAsync(grainId, reminderName, cancellationToken);
        return row is null ? null : ToReminder(row);
    }

    public async Task<IReadOnlyList<IGrainReminder>> GetAllAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var rows = await Table.ReadRowsAsync(grainId, cancellationToken);
        return rows.Select(ToReminder).ToList();
    }

    /// <summary>Re-reads this silo's range of the table and reconciles the local timers with it.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // One refresh at a time: a periodic refresh and a ring change must not prune each other's rows.
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            await RefreshRangesAsync(cancellationToken);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task RefreshRangesAsync(CancellationToken cancellationToken)
    {
        // A single silo owns the whole ring (begin == end); in a cluster, the ranges of its ring points.
        var rows = new List<ReminderEntry>();
        foreach (var (begin, end) in _locator.LocalReminderRanges())
        {
            rows.AddRange(await Table.ReadRowsAsync(begin, end, cancellationToken));
        }

        var seen = new HashSet<(GrainId, string)>();
        foreach (var row in rows)
        {
            seen.Add((row.GrainId, row.ReminderName));
            Schedule(row);
        }

        lock (_lock)
        {
            foreach (var (key, local) in _local.ToList())
            {
                if (seen.Contains(key))
                {
                    local.MissedRefreshes = 0;
                }
                else if (++local.MissedRefreshes >= 2)
                {
                    // Dropped only after two refreshes: a reminder registered here but owned by another
                    // silo keeps firing until the owner has surely re-read its ranges (no gap, brief overlap).
                    _local.Remove(key);
                    local.Dispose();
                }
            }
        }
    }

    private void OnRingChanged() => _ = RefreshSafelyAsync();

    private async Task RefreshSafelyAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogRefreshFailed(_logger, exception);
        }
    }

    private static GrainReminder ToReminder(ReminderEntry row) => new(row.ReminderName, row.ETag ?? string.Empty, row.Period, row.StartAt);

    private void Schedule(ReminderEntry entry)
    {
        if (!_running)
        {
            return;
        }

        var key = (entry.GrainId, entry.ReminderName);
        lock (_lock)
        {
            if (_local.TryGetValue(key, out var existing))
            {
                if (existing.Entry.ETag == entry.ETag)
                {
                    return;
                }

                existing.Dispose();
            }

            var reminder = new LocalReminder(entry);
            _local[key] = reminder;
            ArmLocked(reminder, _time.GetUtcNow() - TimeSpan.FromTicks(1));
        }
    }

    /// <summary>Arms the timer for the first tick strictly after <paramref name="after"/>.</summary>
    private void ArmLocked(LocalReminder reminder, DateTimeOffset after)
    {
        var now = _time.GetUtcNow();
        var due = reminder.NextDueAfter(after);
        reminder.Timer?.Dispose();
        // Reminders are registered from inside grain turns: a timer created there would carry that turn's context
        // (TurnContext, RequestContext) into every delivery, and once the turn's deadline passed each tick's call
        // would time out at once ("timed out after 0 s"), so the reminder would never be delivered again.
        if (ExecutionContext.IsFlowSuppressed())
        {
            reminder.Timer = CreateDeliveryTimer(reminder, due, now);
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            reminder.Timer = CreateDeliveryTimer(reminder, due, now);
        }
    }

    private ITimer CreateDeliveryTimer(LocalReminder reminder, DateTimeOffset due, DateTimeOffset now) =>
        _time.CreateTimer(
            static s =>
            {
                var (service, local, dueAt) = ((ReminderService, LocalReminder, DateTimeOffset))s!;
                _ = service.DeliverAsync(local, dueAt);
            },
            (this, reminder, due),
            due - now < TimeSpan.Zero ? TimeSpan.Zero : due - now,
            Timeout.InfiniteTimeSpan);

    private async Task DeliverAsync(LocalReminder reminder, DateTimeOffset dueAt)
    {
        if (reminder.Disposed || !_running)
        {
            return;
        }

        var entry = reminder.Entry;
        _services.GetRequiredService<Diagnostics.RuntimeMetrics>().ReminderFired(_time.GetUtcNow() - dueAt);
        try
        {
            var grain = _services.GetRequiredService<IGrainFactory>().GetGrain<IRemindable>(entry.GrainId);
            await grain.ReceiveReminder(entry.ReminderName, new TickStatus(entry.StartAt, entry.Period, dueAt));
        }
        catch (Exception exception)
        {
            LogTickFailed(_logger, exception, entry.ReminderName, entry.GrainId);
        }

        lock (_lock)
        {
            if (!reminder.Disposed && _running)
            {
                // Never re-deliver the tick just delivered, and skip ticks missed while the grain was slow.
                var now = _time.GetUtcNow();
                ArmLocked(reminder, now > dueAt ? now : dueAt);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {ReminderName} of grain {GrainId} could not be delivered")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string reminderName, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the reminder list failed; keeping the current timers")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
