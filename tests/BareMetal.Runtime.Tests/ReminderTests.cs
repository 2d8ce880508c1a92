using BareMetal.Runtime.Reminders;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BareMetal.Runtime.Tests;

public sealed class ReminderTests
{
    internal static Dictionary<string, string?> FastReminders => new()
    {
        ["BareMetal:Reminders:MinimumReminderPeriod"] = "00:00:00.100",
    };

    [Fact]
    public async Task Reminder_FiresRepeatedly_ActivatingTheGrain_AndStopsWhenUnregistered()
    {
        await using var silo = await TestSilo.StartAsync(settings: FastReminders);
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<IReminderGrain>(key);

        await grain.Register("sync", TimeSpan.Zero, TimeSpan.FromMilliseconds(150));
        Assert.Equal(["sync"], await grain.ListReminders());
        await Wait.UntilAsync(() => ReminderLog.Count(key, "sync") >= 3, "three reminder ticks");

        await grain.Unregister("sync");
        Assert.Empty(await grain.ListReminders());
        var afterUnregister = ReminderLog.Count(key, "sync");
        await Task.Delay(500); // several periods: a removed reminder must stay silent
        Assert.InRange(ReminderLog.Count(key, "sync"), afterUnregister, afterUnregister + 1);
    }

    [Fact]
    public async Task Reminder_RegisteredInsideAGrainCall_KeepsFiringAfterThatCallsDeadline()
    {
        // The registering call's deadline is 1 s away; the reminder must outlive it (its ticks used to inherit that
        // call's context and time out at once after it).
        var settings = FastReminders;
        settings["BareMetal:Messaging:ResponseTimeout"] = "00:00:01";
        await using var silo = await TestSilo.StartAsync(settings: settings);
        var key = Guid.NewGuid().ToString();
        await silo.GrainFactory.GetGrain<IReminderGrain>(key).Register("sync", TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
        await Wait.UntilAsync(() => ReminderLog.Count(key, "sync") >= 1, "a first tick");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the scenario itself: the registering call's deadline passes
        var before = ReminderLog.Count(key, "sync");

        await Wait.UntilAsync(() => ReminderLog.Count(key, "sync") >= before + 3, "three ticks after the registering call's deadline");
    }

    [Fact]
    public async Task Reminder_PeriodBelowMinimum_IsRefusedWithTheSettingName()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IReminderGrain>(Guid.NewGuid().ToString());

        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.Register("fast", TimeSpan.Zero, TimeSpan.FromSeconds(1)));

        Assert.Contains("MinimumReminderPeriod", exception.Message);
    }

    [Fact]
    public async Task Reminder_AfterSiloRestart_FiresAgainFromTheTable()
    {
        var table = new InMemoryReminderTable();
        var key = Guid.NewGuid().ToString();
        await using (var first = await TestSilo.StartAsync(UseTable(table), FastReminders))
        {
            await first.GrainFactory.GetGrain<IReminderGrain>(key).Register("power-sync", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
            await Wait.UntilAsync(() => ReminderLog.Count(key, "power-sync") >= 1, "a tick before the restart");
        }

        var beforeRestart = ReminderLog.Count(key, "power-sync");
        await using var second = await TestSilo.StartAsync(UseTable(table), FastReminders);

        // Nobody calls the grain: the reminder service alone must bring it back.
        await Wait.UntilAsync(() => ReminderLog.Count(key, "power-sync") >= beforeRestart + 2, "ticks after the restart");
    }

    private static Action<BareMetal.Hosting.ISiloBuilder> UseTable(IReminderTable table) => silo =>
    {
        silo.Services.RemoveAll<IReminderTable>();
        silo.Services.AddSingleton(table);
    };
}
