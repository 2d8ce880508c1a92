using System.Collections.Concurrent;

namespace BareMetal.Runtime.Tests.Grains;

/// <summary>Reminder ticks received per grain key and reminder name.</summary>
public static class ReminderLog
{
    public static readonly ConcurrentDictionary<string, int> Ticks = new();

    public static int Count(string grainKey, string reminder) => Ticks.GetValueOrDefault(grainKey + "/" + reminder);
}

public interface IReminderGrain : IGrainWithStringKey
{
    Task Register(string reminderName, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string reminderName);

    Task<IReadOnlyList<string>> ListReminders();
}

public sealed class ReminderGrain : Grain, IReminderGrain, IRemindable
{
    public Task Register(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        RegisterOrUpdateReminder(reminderName, dueTime, period);

    public async Task Unregister(string reminderName)
    {
        var reminder = await GetReminder(reminderName);
        if (reminder is not null)
        {
            await UnregisterReminder(reminder);
        }
    }

    public async Task<IReadOnlyList<string>> ListReminders() => (await GetReminders()).Select(r => r.ReminderName).ToList();

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderLog.Ticks.AddOrUpdate(this.GetPrimaryKeyString() + "/" + reminderName, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
