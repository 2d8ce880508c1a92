namespace BareMetal.Runtime;

/// <summary>Implemented by grains that register durable reminders.</summary>
public interface IRemindable : IGrain
{
    /// <summary>A reminder fired. Delivery is at least once; a tick may repeat after a silo failure.</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}
