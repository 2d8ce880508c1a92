using BareMetal.Runtime;
using BareMetal.Runtime.Persistence;
using BareMetal.Runtime.Reminders;
using BareMetal.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BareMetal.Hosting;

/// <summary>In-memory storage for tests and throwaway silos.</summary>
public static class MemoryStorageSiloBuilderExtensions
{
    /// <summary>Registers in-memory grain storage under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = PersistentStateAttribute.DefaultStorageName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, new MemoryGrainStorage());
        return builder;
    }

    /// <summary>Uses an in-memory reminder table (reminders do not survive the process).</summary>
    public static ISiloBuilder UseInMemoryReminders(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IReminderTable>();
        builder.Services.AddSingleton<IReminderTable, InMemoryReminderTable>();
        return builder;
    }
}
