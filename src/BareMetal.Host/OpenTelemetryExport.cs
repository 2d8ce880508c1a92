using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BareMetal.Host;

/// <summary>
/// Exports BareMetal's and Orleans' traces and metrics over OTLP when an endpoint is configured, through
/// OpenTelemetry's hosting integration: the providers start and flush with the host.
/// </summary>
internal static class OpenTelemetryExport
{
    /// <summary>BareMetal's activity sources and meters (API, provisioning, drivers).</summary>
    private const string BareMetal = "BareMetal.*";

    /// <summary>Orleans' activity sources: a client and a server span per grain call, activation and storage spans.</summary>
    private const string OrleansSources = "Microsoft.Orleans.*";

    /// <summary>Orleans' meter: activations, messaging, membership, reminders, storage latency.</summary>
    private const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Adds the exporters when <see cref="TelemetryOptions.OtlpEndpoint"/> is set; does nothing otherwise.</summary>
    public static void AddTo(IServiceCollection services, TelemetryOptions options, string siloName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return;
        }

        var protocol = options.OtlpProtocol switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new HostConfigurationException($"{TelemetryOptions.SectionName}:OtlpProtocol must be grpc or http/protobuf (was '{options.OtlpProtocol}')."),
        };
        void Exporter(OtlpExporterOptions o)
        {
            o.Endpoint = endpoint;
            o.Protocol = protocol;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: siloName))
            .WithTracing(tracing => tracing
                .AddSource(BareMetal, OrleansSources)
                .AddOtlpExporter(Exporter))
            .WithMetrics(metrics => metrics
                .AddMeter(BareMetal, OrleansMeter)
                // ASP.NET Core's own meters: HTTP request duration by route and status (429s and 503s included).
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.RateLimiting")
                .AddOtlpExporter((exporter, reader) =>
                {
                    Exporter(exporter);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricExportInterval.TotalMilliseconds;
                }));
    }
}
