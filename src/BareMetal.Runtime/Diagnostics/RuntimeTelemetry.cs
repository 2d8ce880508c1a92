using System.Diagnostics;

namespace BareMetal.Runtime.Diagnostics;

/// <summary>Names of the runtime's telemetry sources (see docs/operations.md).</summary>
public static class RuntimeTelemetry
{
    /// <summary>ActivitySource of grain calls: a client span per call and a server span per turn.</summary>
    public const string ActivitySourceName = "BareMetal.Runtime";

    /// <summary>Meter of the runtime.</summary>
    public const string MeterName = "BareMetal.Runtime";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
