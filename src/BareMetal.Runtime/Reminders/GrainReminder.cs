namespace BareMetal.Runtime.Reminders;

/// <summary>A registered reminder as handed to the grain.</summary>
internal sealed record GrainReminder(string ReminderName, string ETag, TimeSpan Period, DateTimeOffset StartAt) : IGrainReminder;
