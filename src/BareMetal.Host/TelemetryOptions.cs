namespace BareMetal.Host;

/// <summary>Where the host sends its traces and metrics.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Telemetry";

    /// <summary>The OTLP endpoint of an OpenTelemetry collector (e.g. http://collector:4317); nothing is exported when unset.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>"grpc" (port 4317, the default) or "http/protobuf" (port 4318).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The service.name resource attribute. Default "baremetal".</summary>
    public string ServiceName { get; set; } = "baremetal";

    /// <summary>How often metrics are exported. Default 15 s.</summary>
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(15);
}
