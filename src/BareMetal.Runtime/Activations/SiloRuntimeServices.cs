using BareMetal.Configuration;
using BareMetal.Runtime.Diagnostics;
using BareMetal.Runtime.Grains;
using BareMetal.Runtime.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Activations;

/// <summary>The silo-wide services every activation uses, bundled so an activation holds one reference.</summary>
internal sealed class SiloRuntimeServices(
    IServiceProvider services,
    IGrainFactory grainFactory,
    GrainActivator activator,
    ReminderService reminders,
    Placement.GrainLocator locator,
    Messaging.MessageCenter messageCenter,
    RuntimeMetrics metrics,
    TimeProvider timeProvider,
    IOptions<SchedulingOptions> scheduling,
    IOptions<GrainCollectionOptions> collection,
    ILoggerFactory loggerFactory)
{
    public IServiceProvider Services { get; } = services;

    public IGrainFactory GrainFactory { get; } = grainFactory;

    public GrainActivator Activator { get; } = activator;

    public ReminderService Reminders { get; } = reminders;

    public Placement.GrainLocator Locator { get; } = locator;

    public Messaging.MessageCenter MessageCenter { get; } = messageCenter;

    public RuntimeMetrics Metrics { get; } = metrics;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public SchedulingOptions Scheduling { get; } = scheduling.Value;

    public GrainCollectionOptions Collection { get; } = collection.Value;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("BareMetal.Runtime.Activation");
}
