using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BareMetal.Host;

/// <summary>
/// Exports every BareMetal activity source and meter ("BareMetal.*") over OTLP when an endpoint is configured.
/// The providers are built with the SDK directly because the hosting integration package is not available to us;
/// they live as long as the host and flush when it stops.
/// </summary>
public sealed class OpenTelemetryExport : IDisposable
{
    private const string Everything = "BareMetal.*";
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    private OpenTelemetryExport(TracerProvider tracing, MeterProvider metrics)
    {
        _tracing = tracing;
        _metrics = metrics;
    }

    /// <summary>Starts exporting, or returns null when <see cref="TelemetryOptions.OtlpEndpoint"/> is unset.</summary>
    /// <exception cref="HostConfigurationException">The protocol is not one of grpc and http/protobuf.</exception>
    public static OpenTelemetryExport? Start(TelemetryOptions options, string siloName)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.OtlpEndpoint is null)
        {
            return null;
        }

        var protocol = options.OtlpProtocol switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new HostConfigurationException($"{TelemetryOptions.SectionName}:OtlpProtocol must be grpc or http/protobuf (was '{options.OtlpProtocol}')."),
        };
        var resource = ResourceBuilder.CreateDefault().AddService(options.ServiceName, serviceInstanceId: siloName);
        void Exporter(OtlpExporterOptions o)
        {
            o.Endpoint = options.OtlpEndpoint;
            o.Protocol = protocol;
        }

        var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(Everything).AddOtlpExporter(Exporter).Build();
        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(Everything)
            // ASP.NET Core's own meters: HTTP request duration by route and status (429s and 503s included).
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.RateLimiting")
            .AddOtlpExporter((exporter, reader) =>
            {
                Exporter(exporter);
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricExportInterval.TotalMilliseconds;
            })
            .Build();
        return new OpenTelemetryExport(tracing, metrics);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }
}
