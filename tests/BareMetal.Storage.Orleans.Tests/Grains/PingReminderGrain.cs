namespace BareMetal.Storage.Orleans.Tests.Grains;

/// <summary>Registers one reminder and reports every tick to <see cref="ReminderTicks"/>.</summary>
public sealed class PingReminderGrain : Grain, IPingReminderGrain, IRemindable
{
    public const string ReminderName = "ping";

    public Task Start(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public async Task Stop()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task<bool> IsRegistered() => await this.GetReminder(ReminderName) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderTicks.Record(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}
