using System.Diagnostics.Metrics;

namespace BareMetal.Api.Dashboard;

/// <summary>
/// Request rate, latency percentiles and overload answers of this gateway, read from ASP.NET Core's own
/// <c>http.server.request.duration</c> histogram. The listener is attached only while a dashboard watches.
/// </summary>
internal sealed class HttpStatistics : IDisposable
{
    private const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    private const string DurationInstrument = "http.server.request.duration";
    private readonly object? _scope;
    private readonly Lock _lock = new();
    private MeterListener? _listener;
    private List<double> _durations = [];
    private long _tooManyRequests;
    private long _unavailable;
    private long _serverErrors;

    /// <param name="scope">The application's meter factory: only its meters count (several hosts may share a process).</param>
    public HttpStatistics(IMeterFactory? scope) => _scope = scope;

    /// <summary>429 answers since the dashboard started watching.</summary>
    public long TooManyRequestsTotal => Interlocked.Read(ref _tooManyRequests);

    /// <summary>503 answers since the dashboard started watching.</summary>
    public long UnavailableTotal => Interlocked.Read(ref _unavailable);

    /// <summary>5xx answers since the dashboard started watching.</summary>
    public long ServerErrorsTotal => Interlocked.Read(ref _serverErrors);

    public void Start()
    {
        lock (_lock)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter.Name == HostingMeter && instrument.Name == DurationInstrument
                        && (_scope is null || instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, _scope)))
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<double>(OnMeasurement);
            listener.Start();
            _listener = listener;
        }
    }

    public void Stop()
    {
        lock (_lock)
        {
            _listener?.Dispose();
            _listener = null;
            _durations = [];
        }
    }

    /// <summary>The requests finished since the previous call: their count and latency percentiles in milliseconds.</summary>
    public (int Count, double P50, double P95, double P99) TakeWindow()
    {
        List<double> window;
        lock (_lock)
        {
            window = _durations;
            _durations = [];
        }

        if (window.Count == 0)
        {
            return (0, 0, 0, 0);
        }

        window.Sort();
        return (window.Count, Percentile(window, 0.50), Percentile(window, 0.95), Percentile(window, 0.99));
    }

    public void Dispose() => Stop();

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)] * 1000;

    private void OnMeasurement(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var (key, value) in tags)
        {
            if (key == "http.response.status_code" && value is int status)
            {
                if (status == 429)
                {
                    Interlocked.Increment(ref _tooManyRequests);
                }
                else if (status >= 500)
                {
                    Interlocked.Increment(ref _serverErrors);
                    if (status == 503)
                    {
                        Interlocked.Increment(ref _unavailable);
                    }
                }
            }
        }

        lock (_lock)
        {
            // Bounded: a flood of requests cannot make the dashboard's sample grow without limit.
            if (_durations.Count < 100_000)
            {
                _durations.Add(seconds);
            }
        }
    }
}
