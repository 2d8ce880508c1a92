using System.Diagnostics.Metrics;

namespace BareMetal.Api.Diagnostics;

/// <summary>The gateway's own instruments (meter <see cref="MeterName"/>, documented in docs/operations.md).</summary>
public static class ApiMetrics
{
    /// <summary>The name of the gateway's <see cref="Meter"/>.</summary>
    public const string MeterName = "BareMetal.Api";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_problems = s_meter.CreateCounter<long>(
        "baremetal.api.problems", "{response}", "Problem+json answers of the native API, by status code and problem kind.");
    private static readonly UpDownCounter<long> s_viewers = s_meter.CreateUpDownCounter<long>(
        "baremetal.dashboard.viewers", "{connection}", "Dashboards connected to this gateway.");

    /// <summary>The API answered with a problem.</summary>
    public static void Problem(int status, string kind) =>
        s_problems.Add(1, new KeyValuePair<string, object?>("http.response.status_code", status), new KeyValuePair<string, object?>("baremetal.problem", kind));

    /// <summary>A dashboard connected (+1) or went away (-1).</summary>
    public static void DashboardViewerChanged(int delta) => s_viewers.Add(delta);
}
