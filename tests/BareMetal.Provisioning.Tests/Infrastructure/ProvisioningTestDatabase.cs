namespace BareMetal.Provisioning.Tests.Infrastructure;

/// <summary>What silos share through the database: grain state rows and reminder rows.</summary>
public sealed class ProvisioningTestDatabase
{
    public JsonMemoryGrainStorage Storage { get; } = new();

    public SharedMemoryReminderTable Reminders { get; } = new();
}
