namespace BareMetal.Cluster.TestGrains;

/// <summary>
/// Which silo process a grain runs in, as the test fixture told that process. Replies carry it so
/// tests can tell where every call was served without reaching into the runtime.
/// </summary>
public static class SiloIdentity
{
    /// <summary>The environment variable the fixture sets to the silo's name (silo-1, silo-2, ...).</summary>
    public const string NameVariable = "BAREMETAL_TEST_SILO_NAME";

    /// <summary>This process's silo name, or "unnamed-{pid}" outside the fixture.</summary>
    public static string Name { get; } = Environment.GetEnvironmentVariable(NameVariable) is { Length: > 0 } name
        ? name
        : $"unnamed-{Environment.ProcessId}";

    /// <summary>This process's id.</summary>
    public static int ProcessId { get; } = Environment.ProcessId;
}
