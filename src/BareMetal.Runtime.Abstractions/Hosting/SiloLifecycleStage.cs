namespace BareMetal.Hosting;

/// <summary>Well-known lifecycle stages, in start order.</summary>
public static class SiloLifecycleStage
{
    /// <summary>Storage schemas are created and migrated.</summary>
    public const int RuntimeStorage = 2000;

    /// <summary>Messaging, membership and the directory start.</summary>
    public const int RuntimeServices = 4000;

    /// <summary>The catalog accepts activations.</summary>
    public const int RuntimeGrainServices = 8000;

    /// <summary>Reminders and other services that call grains start.</summary>
    public const int ApplicationServices = 10000;

    /// <summary>The silo is fully up and accepts client traffic.</summary>
    public const int Active = 20000;
}
