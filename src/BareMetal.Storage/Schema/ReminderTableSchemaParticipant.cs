using BareMetal.Hosting;
using BareMetal.Runtime.Reminders;

namespace BareMetal.Storage.Schema;

/// <summary>
/// Migrates the registered reminder table, whichever engine it is; registered once however many
/// <c>UseXxxReminders</c> calls were made, because only the last table registration is used.
/// </summary>
internal sealed class ReminderTableSchemaParticipant(IReminderTable table) : ISiloLifecycleParticipant
{
    public int Stage => SiloLifecycleStage.RuntimeStorage;

    public Task OnStartAsync(CancellationToken cancellationToken) =>
        table is IStartupSchema { EnsureSchemaOnStart: true } schema
            ? schema.EnsureSchemaAsync(cancellationToken)
            : Task.CompletedTask;

    public Task OnStopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
