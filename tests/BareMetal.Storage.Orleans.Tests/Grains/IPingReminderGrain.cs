namespace BareMetal.Storage.Orleans.Tests.Grains;

[Alias("BareMetal.Tests.IPingReminderGrain")]
public interface IPingReminderGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start(TimeSpan period);

    [Alias("Stop")]
    Task Stop();

    /// <summary>Whether Orleans still holds a reminder for this grain.</summary>
    [Alias("IsRegistered")]
    Task<bool> IsRegistered();
}
