namespace BareMetal.Provisioning.Tests.Infrastructure;

/// <summary>A reminder row as the reminder table holds it: what outlives a silo.</summary>
/// <param name="Name">The reminder's name, unique per grain.</param>
/// <param name="Period">How often it ticks.</param>
public sealed record StoredReminder(string Name, TimeSpan Period);
